package io.jprune.agent.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

/** Float comparisons that see what "bit for bit" promises: -0.0 is not 0.0, and NaN payloads count. */
public final class BitAssertions {
    private BitAssertions() {
    }

    /** {@code actual} holds exactly the bits of {@code expected}; the failure names {@code what} and the index. */
    public static void assertBitsEqual(float[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        for (int i = 0; i < expected.length; i++) {
            if (Float.floatToRawIntBits(expected[i]) != Float.floatToRawIntBits(actual[i])) {
                throw new AssertionError(what + " differs at " + i + ": " + expected[i] + " != " + actual[i]);
            }
        }
    }

    /** Every tensor of {@code expected} holds exactly its bits in {@code actual}, and no other tensor is there. */
    public static void assertTensorsBitsEqual(Map<String, float[]> expected, Map<String, float[]> actual) {
        assertEquals(expected.keySet(), actual.keySet());
        for (Map.Entry<String, float[]> entry : expected.entrySet()) {
            assertBitsEqual(entry.getValue(), actual.get(entry.getKey()), entry.getKey());
        }
    }

    /** How many values are {@code 0.0} or {@code -0.0}. */
    public static int zeros(float[] values) {
        int zeros = 0;
        for (float value : values) {
            zeros += value == 0f ? 1 : 0;
        }
        return zeros;
    }

    /** {@code weight} is {@code weight_orig * weight_mask} bit for bit, and the mask holds only 0 and 1. */
    public static void assertMaskedProduct(float[] orig, float[] mask, float[] weight, String what) {
        assertEquals(orig.length, weight.length, what);
        for (int i = 0; i < weight.length; i++) {
            if (mask[i] != 0f && mask[i] != 1f) {
                throw new AssertionError(what + "_mask holds " + mask[i] + " at " + i);
            }
            if (Float.floatToRawIntBits(orig[i] * mask[i]) != Float.floatToRawIntBits(weight[i])) {
                throw new AssertionError(what + " != " + what + "_orig * " + what + "_mask at " + i);
            }
        }
    }
}
