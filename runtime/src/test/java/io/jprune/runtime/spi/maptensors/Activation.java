package io.jprune.runtime.spi.maptensors;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;

/** The test framework's activation: one sample's values in a direct buffer, never a {@code float[]}. */
final class Activation {
    final FloatBuffer values;

    Activation(float... values) {
        this.values = ByteBuffer.allocateDirect(4 * values.length).order(ByteOrder.nativeOrder()).asFloatBuffer()
                .put(values);
    }

    int size() {
        return values.capacity();
    }

    float[] toFloats() {
        float[] out = new float[size()];
        values.get(0, out);
        return out;
    }
}
