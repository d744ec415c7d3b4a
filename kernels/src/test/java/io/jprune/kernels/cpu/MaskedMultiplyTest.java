package io.jprune.kernels.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jprune.kernels.BitMask;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Masked multiply is IEEE's {@code orig * mask}: exact bits, -0.0 for pruned negatives, NaN kept NaN. */
class MaskedMultiplyTest {
    private static final CpuKernels DEFAULT = new CpuKernels();
    private static final CpuKernels TINY_CHUNKS = new CpuKernels(n -> ParallelChunks.ofSize(n, 64));

    @Test
    void prunedNegativesBecomeNegativeZeroAndNanStaysNan() {
        float[] orig = {-1.5f, 2f, Float.NaN, Float.NaN, Float.NEGATIVE_INFINITY, -0f, 0f, 3f};
        BitMask mask = BitMask.fromFloats(new float[] {0, 0, 0, 1, 0, 1, 0, 1});
        float[] out = new float[orig.length];
        DEFAULT.maskedMultiply(orig, mask, out);
        assertBits(-0f, out[0]);
        assertBits(0f, out[1]);
        assertEquals(true, Float.isNaN(out[2]));
        assertEquals(true, Float.isNaN(out[3]));
        assertEquals(true, Float.isNaN(out[4]));
        assertBits(-0f, out[5]);
        assertBits(0f, out[6]);
        assertBits(3f, out[7]);
    }

    @Test
    void matchesElementwiseMultiplyAtEverySizeAndMaskDensity() {
        SplittableRandom random = new SplittableRandom(3);
        for (int n : new int[] {0, 1, 63, 64, 65, 130, 1000, ParallelChunks.PARALLEL_THRESHOLD + 5}) {
            float[] orig = SmallestMagnitudesTest.Data.SPECIALS.make(n, random);
            for (double density : new double[] {0, 0.02, 0.5, 0.98, 1}) {
                BitMask mask = SmallestMagnitudesTest.randomMask(n, density, random);
                for (CpuKernels kernels : new CpuKernels[] {DEFAULT, TINY_CHUNKS}) {
                    float[] out = new float[n];
                    java.util.Arrays.fill(out, 42f);
                    kernels.maskedMultiply(orig, mask, out);
                    for (int i = 0; i < n; i++) {
                        float expected = mask.get(i) ? orig[i] : orig[i] * 0f;
                        if (Float.isNaN(expected)) {
                            assertEquals(true, Float.isNaN(out[i]), "index " + i);
                        } else {
                            assertBits(expected, out[i]);
                        }
                    }
                }
            }
        }
    }

    @Test
    void keptValuesAreCopiedBitForBit() {
        float payloadNan = Float.intBitsToFloat(0x7fc01234);
        float[] orig = new float[130];
        orig[3] = payloadNan;
        orig[100] = payloadNan;
        BitMask mask = BitMask.ones(130);
        mask.clear(5);
        float[] out = new float[130];
        DEFAULT.maskedMultiply(orig, mask, out);
        assertEquals(0x7fc01234, Float.floatToRawIntBits(out[3]));
        assertEquals(0x7fc01234, Float.floatToRawIntBits(out[100]));
    }

    @Test
    void refusesMismatchedSizes() {
        assertThrows(IllegalArgumentException.class,
                () -> DEFAULT.maskedMultiply(new float[3], BitMask.ones(4), new float[3]));
        assertThrows(IllegalArgumentException.class,
                () -> DEFAULT.maskedMultiply(new float[3], BitMask.ones(3), new float[2]));
    }

    @Test
    void countsBothZerosButNotNan() {
        float[] t = {0f, -0f, Float.NaN, 1f, Float.MIN_VALUE};
        assertEquals(2, DEFAULT.countZeros(t));
        float[] large = new float[ParallelChunks.PARALLEL_THRESHOLD + 3];
        large[7] = 1f;
        large[large.length - 1] = -2f;
        assertEquals(large.length - 2, DEFAULT.countZeros(large));
        assertEquals(large.length - 2, TINY_CHUNKS.countZeros(large));
    }

    private static void assertBits(float expected, float actual) {
        assertEquals(Float.floatToRawIntBits(expected), Float.floatToRawIntBits(actual),
                "expected " + expected + " but was " + actual);
    }
}
