package io.jprune.runtime.model;

import io.jprune.runtime.spi.ParameterHandle;
import io.jprune.runtime.tensor.Shape;

/**
 * A parameter held in a plain field-like slot, as an adapter for a flat {@code float[]} field would hold it;
 * counts writes so that tests can tell when jprune touched the app. Shared by the runtime's tests.
 */
public class ArrayHandle implements ParameterHandle {
    private final String name;
    private final Shape shape;
    private volatile Object value;
    private int writes;

    public ArrayHandle(String name, Shape shape, float... values) {
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
    public synchronized void write(Object appValue) {
        value = appValue;
        writes++;
    }

    /** What the app's forward would read now. */
    public float[] field() {
        return (float[]) value;
    }

    public synchronized int writes() {
        return writes;
    }
}
