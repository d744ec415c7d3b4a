package io.jprune.agent.instrumentation.onnxruntime;

import io.jprune.runtime.spi.ParameterHandle;
import io.jprune.runtime.tensor.Shape;

/**
 * One parameter of an ONNX session as the engine sees it. Its value changes only with a whole generation, through
 * {@link SessionInstaller}, which rebuilds the session once from all of them.
 */
final class InitializerHandle implements ParameterHandle {
    private final SessionRecord session;
    private final OnnxParameter parameter;

    InitializerHandle(SessionRecord session, OnnxParameter parameter) {
        this.session = session;
        this.parameter = parameter;
    }

    /** The initializer this handle stands for. */
    OnnxParameter parameter() {
        return parameter;
    }

    @Override
    public String name() {
        return parameter.name();
    }

    @Override
    public Shape shape() {
        return parameter.shape();
    }

    @Override
    public Object read() {
        return session.installed(parameter);
    }

    @Override
    public void write(Object appValue) {
        throw new UnsupportedOperationException(parameter.qualifiedName()
                + ": an ONNX session's weights change only as a whole, when jprune rebuilds it");
    }

    @Override
    public float[] values(Object appValue) {
        return ((OnnxWeight) appValue).values();
    }

    @Override
    public Object toAppValue(float[] values) {
        return OnnxWeight.computed(session, parameter, values);
    }
}
