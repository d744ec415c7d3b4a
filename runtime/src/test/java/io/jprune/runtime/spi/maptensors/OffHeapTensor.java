package io.jprune.runtime.spi.maptensors;

import io.jprune.runtime.tensor.Shape;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The test framework's tensor: values off the Java heap, in a direct buffer, like a native framework's. Counts the
 * tensors jprune made ({@link #madeByJprune}) that are not freed yet, so that a test sees whether the engine's
 * release step frees what it no longer uses.
 */
final class OffHeapTensor {
    static final AtomicInteger LIVE_MADE_BY_JPRUNE = new AtomicInteger();

    private final Shape shape;
    private final boolean madeByJprune;
    private volatile FloatBuffer values;

    private OffHeapTensor(Shape shape, float[] values, boolean madeByJprune) {
        if (values.length != shape.numel()) {
            throw new IllegalArgumentException(values.length + " values for shape " + shape);
        }
        this.shape = shape;
        this.madeByJprune = madeByJprune;
        this.values = ByteBuffer.allocateDirect(4 * values.length).order(ByteOrder.nativeOrder()).asFloatBuffer()
                .put(values);
        if (madeByJprune) {
            LIVE_MADE_BY_JPRUNE.incrementAndGet();
        }
    }

    /** A tensor of the app's own. */
    static OffHeapTensor ofApp(Shape shape, float... values) {
        return new OffHeapTensor(shape, values, false);
    }

    /** A tensor jprune asked the adapter to make. */
    static OffHeapTensor madeByJprune(Shape shape, float[] values) {
        return new OffHeapTensor(shape, values, true);
    }

    Shape shape() {
        return shape;
    }

    boolean madeByJprune() {
        return madeByJprune;
    }

    /** One value; fails once freed, as a native tensor read after its release would. */
    float get(int index) {
        FloatBuffer buffer = values;
        if (buffer == null) {
            throw new IllegalStateException("tensor used after it was freed");
        }
        return buffer.get(index);
    }

    float[] toFloats() {
        float[] out = new float[shape.numel()];
        for (int i = 0; i < out.length; i++) {
            out[i] = get(i);
        }
        return out;
    }

    boolean isFreed() {
        return values == null;
    }

    void free() {
        if (values == null) {
            throw new IllegalStateException("tensor freed twice");
        }
        values = null;
        if (madeByJprune) {
            LIVE_MADE_BY_JPRUNE.decrementAndGet();
        }
    }
}
