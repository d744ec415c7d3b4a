package io.jprune.runtime.spi.maptensors;

import io.jprune.runtime.spi.ParameterHandle;
import io.jprune.runtime.tensor.Shape;
import java.lang.ref.WeakReference;

/** One entry of a {@link MapMlp}'s weight map, seen by the engine; written only through {@link OneActInstaller}. */
final class TensorHandle implements ParameterHandle {
    private final WeakReference<MapMlp> app;
    private final String key;
    private final String name;
    private final Shape shape;

    TensorHandle(MapMlp app, String key, String name, Shape shape) {
        this.app = new WeakReference<>(app);
        this.key = key;
        this.name = name;
        this.shape = shape;
    }

    /** The key in the app's map, e.g. {@code fc1.weight}. */
    String key() {
        return key;
    }

    MapMlp app() {
        return app.get();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Shape shape() {
        return shape;
    }

    @Override
    public Object read() {
        MapMlp mlp = app.get();
        return mlp == null ? null : mlp.weights.get(key);
    }

    @Override
    public void write(Object appValue) {
        throw new UnsupportedOperationException("the map's weights change only as a whole, through its installer");
    }

    @Override
    public float[] values(Object appValue) {
        return ((OffHeapTensor) appValue).toFloats();
    }

    @Override
    public Object toAppValue(float[] values) {
        return OffHeapTensor.madeByJprune(shape, values);
    }
}
