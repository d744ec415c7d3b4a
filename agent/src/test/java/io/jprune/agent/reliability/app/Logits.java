package io.jprune.agent.reliability.app;

import java.util.Arrays;

/** The exact bits of one output, as a set element: two outputs are the same only if every bit is. */
final class Logits {
    private final int[] bits;
    private final int hash;

    Logits(float[] values) {
        bits = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            bits[i] = Float.floatToRawIntBits(values[i]);
        }
        hash = Arrays.hashCode(bits);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Logits logits && logits.hash == hash && Arrays.equals(logits.bits, bits);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        float[] values = new float[bits.length];
        for (int i = 0; i < bits.length; i++) {
            values[i] = Float.intBitsToFloat(bits[i]);
        }
        return Arrays.toString(values);
    }
}
