package io.jprune.agent.instrumentation.djl;

import ai.djl.ndarray.NDArray;
import io.jprune.runtime.spi.DimHandle;
import io.jprune.runtime.spi.ParameterHandle;
import io.jprune.runtime.spi.WeightInstaller;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Applies a generation to a DJL model in one act: the writes are staged, and the commit replaces the map the
 * {@code ParameterStore} hook reads ({@link DjlHooks#install}), a parameter given its own array again dropping out
 * of it, so that its layers read the app's own array, bit for bit. A rollback discards the staged writes: nothing
 * the app reads changed. Arrays jprune made are closed when released, and only then.
 */
final class DjlInstaller implements WeightInstaller {
    private final MadeArrays made;

    DjlInstaller(MadeArrays made) {
        this.made = made;
    }

    @Override
    public Installation begin() {
        return new Installation() {
            private final Map<String, NDArray> staged = new LinkedHashMap<>();

            @Override
            public void write(ParameterHandle parameter, Object appValue) {
                DjlParameterHandle handle = (DjlParameterHandle) parameter;
                staged.put(handle.id(), made.isMade(appValue) ? (NDArray) appValue : null);
            }

            @Override
            public void write(DimHandle dim, int value) {
                throw new UnsupportedOperationException("a DJL model has no int dims to write");
            }

            @Override
            public void commit() {
                DjlHooks.install(staged);
            }

            @Override
            public void rollBack() {
                staged.clear();
            }
        };
    }

    @Override
    public void release(ParameterHandle parameter, Object appValue) {
        made.release(appValue);
    }
}
