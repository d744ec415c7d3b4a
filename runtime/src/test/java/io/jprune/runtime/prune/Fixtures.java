package io.jprune.runtime.prune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.jprune.kernels.BitMask;
import io.jprune.kernels.Kernels;
import io.jprune.kernels.cpu.CpuKernels;

/** Short ways to write tensors and masks in tests, and comparisons that see -0.0. */
final class Fixtures {
    static final Kernels CPU = new CpuKernels();

    private Fixtures() {
    }

    static float[] floats(double... values) {
        float[] out = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (float) values[i];
        }
        return out;
    }

    /** A mask written as PyTorch prints it, row-major: {@code mask(0, 1, 1, 0)}. */
    static BitMask mask(int... values) {
        BitMask mask = BitMask.zeros(values.length);
        for (int i = 0; i < values.length; i++) {
            if (values[i] == 1) {
                mask.set(i);
            } else if (values[i] != 0) {
                throw new IllegalArgumentException("mask values are 0 or 1");
            }
        }
        return mask;
    }

    static BitMask mask(String bits) {
        BitMask mask = BitMask.zeros(bits.length());
        for (int i = 0; i < bits.length(); i++) {
            if (bits.charAt(i) == '1') {
                mask.set(i);
            }
        }
        return mask;
    }

    static String bits(BitMask mask) {
        StringBuilder text = new StringBuilder(mask.size());
        for (int i = 0; i < mask.size(); i++) {
            text.append(mask.get(i) ? '1' : '0');
        }
        return text.toString();
    }

    static void assertMask(BitMask expected, BitMask actual) {
        assertEquals(bits(expected), bits(actual));
    }

    /** Compares bit patterns, so that 0.0 and -0.0 differ; every NaN equals every NaN. */
    static void assertFloatsExactly(float[] expected, float[] actual) {
        assertEquals(expected.length, actual.length, "length");
        for (int i = 0; i < expected.length; i++) {
            boolean same = Float.isNaN(expected[i]) ? Float.isNaN(actual[i])
                    : Float.floatToRawIntBits(expected[i]) == Float.floatToRawIntBits(actual[i]);
            if (!same) {
                fail("at flat index " + i + " expected " + expected[i] + " but was " + actual[i]
                        + " in " + java.util.Arrays.toString(actual));
            }
        }
    }
}
