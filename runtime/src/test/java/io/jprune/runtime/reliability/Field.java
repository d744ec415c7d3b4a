package io.jprune.runtime.reliability;

import io.jprune.runtime.model.ParameterHandle;
import io.jprune.runtime.tensor.Shape;

/**
 * A parameter in a plain field, as an adapter would expose one; subclasses break one step on purpose to play
 * a failure inside jprune.
 */
class Field implements ParameterHandle {
    private final String name;
    private final Shape shape;
    private volatile Object value;

    Field(String name, Shape shape, float... values) {
        this.name = name;
        this.shape = shape;
        this.value = values;
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
        return value;
    }

    @Override
    public float[] values(Object appValue) {
        return (float[]) appValue;
    }

    @Override
    public Object toAppValue(float[] values) {
        return values;
    }

    @Override
    public void write(Object appValue) {
        value = appValue;
    }

    /** What the app's forward would read now. */
    float[] current() {
        return (float[]) value;
    }
}
