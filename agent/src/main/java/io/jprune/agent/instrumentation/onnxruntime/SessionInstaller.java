package io.jprune.agent.instrumentation.onnxruntime;

import io.jprune.runtime.spi.DimHandle;
import io.jprune.runtime.spi.ParameterHandle;
import io.jprune.runtime.spi.WeightInstaller;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Applies a generation to an ONNX session in one act: the writes are staged, and the commit builds one replacement
 * session with all of them (or goes back to the app's own session when they are all the model's own weights). A
 * rollback, or a commit ONNX Runtime refuses, leaves the app's runs on the session they used.
 */
final class SessionInstaller implements WeightInstaller {
    private final SessionRecord session;

    SessionInstaller(SessionRecord session) {
        this.session = session;
    }

    @Override
    public Installation begin() {
        return new Installation() {
            private final Map<OnnxParameter, OnnxWeight> staged = new LinkedHashMap<>(session.installed());

            @Override
            public void write(ParameterHandle parameter, Object appValue) {
                staged.put(((InitializerHandle) parameter).parameter(), (OnnxWeight) appValue);
            }

            @Override
            public void write(DimHandle dim, int value) {
                throw new UnsupportedOperationException("an ONNX session has no int dims to write");
            }

            @Override
            public void commit() {
                session.install(staged);
            }

            @Override
            public void rollBack() {
                staged.clear();
            }
        };
    }

    @Override
    public void release(ParameterHandle parameter, Object appValue) {
        session.releaseIfAppGone();
    }
}
