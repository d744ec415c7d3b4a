package io.jprune.runtime.spi.maptensors;

import io.jprune.runtime.spi.DimHandle;
import io.jprune.runtime.spi.ParameterHandle;
import io.jprune.runtime.spi.WeightInstaller;
import java.lang.ref.WeakReference;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Applies a generation to a {@link MapMlp} in one act: writes are staged in a copy of its map, and the commit
 * replaces the whole map with one volatile write. Records every commit and release, so that tests can check what
 * the engine asked for.
 */
final class OneActInstaller implements WeightInstaller {
    final List<Integer> commitSizes = new CopyOnWriteArrayList<>();
    /** When not {@code null}, the commit fails with this, as a framework's rebuild might. */
    volatile RuntimeException commitFailure;

    /** Weak, as the engine holds the installer as long as the model: the app must stay free to drop it. */
    private final WeakReference<MapMlp> app;

    OneActInstaller(MapMlp app) {
        this.app = new WeakReference<>(app);
    }

    @Override
    public Installation begin() {
        MapMlp mlp = app.get();
        if (mlp == null) {
            throw new IllegalStateException("the app dropped its model");
        }
        return new Installation() {
            private final Map<String, OffHeapTensor> staged = new HashMap<>(mlp.weights);
            private int writes;

            @Override
            public void write(ParameterHandle parameter, Object appValue) {
                staged.put(((TensorHandle) parameter).key(), (OffHeapTensor) appValue);
                writes++;
            }

            @Override
            public void write(DimHandle dim, int value) {
                throw new UnsupportedOperationException("the map model has no int dims");
            }

            @Override
            public void commit() {
                RuntimeException failure = commitFailure;
                if (failure != null) {
                    throw failure;
                }
                mlp.weights = Map.copyOf(staged);
                commitSizes.add(writes);
            }

            @Override
            public void rollBack() {
                staged.clear();
            }
        };
    }

    @Override
    public void release(ParameterHandle parameter, Object appValue) {
        OffHeapTensor tensor = (OffHeapTensor) appValue;
        if (tensor.madeByJprune()) {
            tensor.free();
        }
    }
}
