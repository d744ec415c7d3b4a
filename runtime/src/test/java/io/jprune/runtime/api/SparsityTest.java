package io.jprune.runtime.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The change records' zero count: both zeros count, nothing else does, however close to zero. */
class SparsityTest {
    @Test
    void countsPositiveAndNegativeZerosOnly() {
        float[] values = {0f, -0f, Float.MIN_VALUE, -Float.MIN_VALUE, Float.NaN, 1f, -1f, Float.POSITIVE_INFINITY,
            Float.NEGATIVE_INFINITY, Float.MIN_NORMAL, 0f * -3f, Float.intBitsToFloat(0x80000001)};
        assertEquals(3, Sparsity.zeros(values));
        assertEquals(0, Sparsity.zeros(new float[0]));
        assertEquals(1000, Sparsity.zeros(new float[1000]));
    }
}
