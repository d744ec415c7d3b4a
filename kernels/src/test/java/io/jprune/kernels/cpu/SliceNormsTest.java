package io.jprune.kernels.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Slice norms against a brute force that walks every element by its coordinates. */
class SliceNormsTest {
    private static final CpuKernels DEFAULT = new CpuKernels();
    private static final CpuKernels TINY_CHUNKS = new CpuKernels(n -> ParallelChunks.ofSize(n, 64));
    private static final double[] ORDERS = {1, 2, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0, 3, 0.5, -1,
        -2.5, 1.7};

    @Test
    void handComputedRowAndColumnNorms() {
        float[] t = {3, 0, 2, -2, 0.5f, 2.8f};
        int[] shape = {3, 2};
        assertArrayEquals(new double[] {3, 4, 3.3}, DEFAULT.sliceNorms(t, shape, 0, 1), 1e-6);
        assertArrayEquals(new double[] {3, Math.sqrt(8), Math.sqrt(0.25 + 2.8f * 2.8f)},
                DEFAULT.sliceNorms(t, shape, 0, 2), 1e-6);
        assertArrayEquals(new double[] {3, 2, 2.8f}, DEFAULT.sliceNorms(t, shape, 0, Double.POSITIVE_INFINITY), 0);
        assertArrayEquals(new double[] {0, 2, 0.5}, DEFAULT.sliceNorms(t, shape, 0, Double.NEGATIVE_INFINITY), 0);
        assertArrayEquals(new double[] {1, 2, 2}, DEFAULT.sliceNorms(t, shape, 0, 0), 0);
        assertArrayEquals(new double[] {5.5, 4.8}, DEFAULT.sliceNorms(t, shape, 1, 1), 1e-6);
    }

    @Test
    void matchesBruteForceForEveryOrderAndDimOn2d3d4d() {
        SplittableRandom random = new SplittableRandom(5);
        int[][] shapes = {{7, 5}, {1, 9}, {4, 3, 6}, {3, 2, 2, 2}, {6, 1, 3, 3}, {5, 4, 3, 7}, {2, 70, 3, 4}};
        for (int[] shape : shapes) {
            float[] t = randomTensor(shape, random);
            for (int dim = 0; dim < shape.length; dim++) {
                for (double p : ORDERS) {
                    double[] expected = bruteForce(t, shape, dim, p);
                    for (CpuKernels kernels : new CpuKernels[] {DEFAULT, TINY_CHUNKS}) {
                        assertClose(expected, kernels.sliceNorms(t, shape, dim, p),
                                java.util.Arrays.toString(shape) + " dim=" + dim + " p=" + p);
                    }
                }
            }
        }
    }

    @Test
    void largeTensorOnTheParallelPath() {
        SplittableRandom random = new SplittableRandom(9);
        int[] shape = {64, 33, 9, 9};
        float[] t = randomTensor(shape, random);
        for (int dim = 0; dim < shape.length; dim++) {
            for (double p : new double[] {1, 2, Double.POSITIVE_INFINITY, 0}) {
                assertClose(bruteForce(t, shape, dim, p), DEFAULT.sliceNorms(t, shape, dim, p), "dim=" + dim + " p=" + p);
            }
        }
    }

    @Test
    void nanPropagatesExceptInTheNonZeroCount() {
        float[] t = {1, Float.NaN, 2, 3};
        int[] shape = {2, 2};
        for (double p : new double[] {1, 2, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 3}) {
            double[] norms = DEFAULT.sliceNorms(t, shape, 0, p);
            assertTrue(Double.isNaN(norms[0]), "p=" + p);
            assertTrue(!Double.isNaN(norms[1]), "p=" + p);
        }
        assertArrayEquals(new double[] {2, 2}, DEFAULT.sliceNorms(t, shape, 0, 0), 0);
    }

    @Test
    void negativeOrderOfASliceWithAZeroIsZero() {
        float[] t = {0, 2, 4, 4};
        assertArrayEquals(new double[] {0, 2}, DEFAULT.sliceNorms(t, new int[] {2, 2}, 0, -1), 1e-12);
    }

    @Test
    void refusesABadDimOrShape() {
        assertThrows(IllegalArgumentException.class, () -> DEFAULT.sliceNorms(new float[6], new int[] {2, 3}, 2, 1));
        assertThrows(IllegalArgumentException.class, () -> DEFAULT.sliceNorms(new float[5], new int[] {2, 3}, 0, 1));
        assertThrows(IllegalArgumentException.class,
                () -> DEFAULT.sliceNorms(new float[6], new int[] {2, 3}, 0, Double.NaN));
    }

    static float[] randomTensor(int[] shape, SplittableRandom random) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        float[] t = new float[n];
        for (int i = 0; i < n; i++) {
            t[i] = random.nextInt(8) == 0 ? 0f : (float) (random.nextDouble() * 4 - 2);
        }
        return t;
    }

    static double[] bruteForce(float[] t, int[] shape, int dim, double p) {
        double[] acc = new double[shape[dim]];
        if (p == Double.NEGATIVE_INFINITY) {
            java.util.Arrays.fill(acc, Double.POSITIVE_INFINITY);
        }
        int[] coordinate = new int[shape.length];
        for (int flat = 0; flat < t.length; flat++) {
            int rest = flat;
            for (int d = shape.length - 1; d >= 0; d--) {
                coordinate[d] = rest % shape[d];
                rest /= shape[d];
            }
            int c = coordinate[dim];
            double x = Math.abs((double) t[flat]);
            if (p == Double.POSITIVE_INFINITY) {
                acc[c] = Math.max(acc[c], x);
            } else if (p == Double.NEGATIVE_INFINITY) {
                acc[c] = Math.min(acc[c], x);
            } else if (p == 0) {
                acc[c] += x != 0 ? 1 : 0;
            } else {
                acc[c] += Math.pow(x, p);
            }
        }
        if (p != 0 && !Double.isInfinite(p)) {
            for (int c = 0; c < acc.length; c++) {
                acc[c] = Math.pow(acc[c], 1 / p);
            }
        }
        return acc;
    }

    private static void assertClose(double[] expected, double[] actual, String label) {
        assertEquals(expected.length, actual.length, label);
        for (int i = 0; i < expected.length; i++) {
            double tolerance = 1e-12 * Math.max(1, Math.abs(expected[i]));
            assertEquals(expected[i], actual[i], tolerance, label + " channel " + i);
        }
    }
}
