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

    /**
     * Issue 16's case: 1,000 identical rows of 1,001 floats, above the size where the work is split. Every
     * row must get the same norm bit for bit, and the same bits however many cores split the work, or
     * ln_structured ranks equal rows by rounding noise and prunes different rows on different machines.
     */
    @Test
    void identicalSlicesAboveTheParallelThresholdHaveOneNormOnAnyCoreCount() {
        int rows = 1000;
        int cols = 1001;
        float[] row = randomTensor(new int[] {cols}, new SplittableRandom(16));
        float[] byRows = new float[rows * cols];
        float[] byColumns = new float[rows * cols];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(row, 0, byRows, r * cols, cols);
            java.util.Arrays.fill(byColumns, r * cols, (r + 1) * cols, row[r]);
        }
        assertTrue(byRows.length > ParallelChunks.PARALLEL_THRESHOLD);
        for (double p : ORDERS) {
            double[] rowNorms = CpuKernels.splittingAsIfOn(1).sliceNorms(byRows, new int[] {rows, cols}, 0, p);
            double[] columnNorms = CpuKernels.splittingAsIfOn(1).sliceNorms(byColumns, new int[] {rows, cols}, 1, p);
            for (int c = 1; c < rows; c++) {
                assertEquals(rowNorms[0], rowNorms[c], 0, "row " + c + " p=" + p);
            }
            for (int c = 1; c < cols; c++) {
                assertEquals(columnNorms[0], columnNorms[c], 0, "column " + c + " p=" + p);
            }
            for (int workers : new int[] {2, 4, 16}) {
                CpuKernels kernels = CpuKernels.splittingAsIfOn(workers);
                assertArrayEquals(rowNorms, kernels.sliceNorms(byRows, new int[] {rows, cols}, 0, p), 0,
                        workers + " workers, rows, p=" + p);
                assertArrayEquals(columnNorms, kernels.sliceNorms(byColumns, new int[] {rows, cols}, 1, p), 0,
                        workers + " workers, columns, p=" + p);
            }
        }
    }

    @Test
    void everyNormIsTheSameBitsOnAnyCoreCountAndChunking() {
        int[] shape = {64, 33, 9, 9};
        float[] t = randomTensor(shape, new SplittableRandom(17));
        assertTrue(t.length > ParallelChunks.PARALLEL_THRESHOLD);
        for (int dim = 0; dim < shape.length; dim++) {
            for (double p : ORDERS) {
                double[] one = CpuKernels.splittingAsIfOn(1).sliceNorms(t, shape, dim, p);
                for (CpuKernels kernels : new CpuKernels[] {CpuKernels.splittingAsIfOn(2), CpuKernels.splittingAsIfOn(4),
                    CpuKernels.splittingAsIfOn(16), TINY_CHUNKS, DEFAULT}) {
                    assertArrayEquals(one, kernels.sliceNorms(t, shape, dim, p), 0, "dim=" + dim + " p=" + p);
                }
            }
        }
    }

    /** The order is SliceNormOrder's, not memory order: a sum whose result depends on the order pins it. */
    @Test
    void addsInTheCanonicalOrder() {
        int[] shape = {1, 2 * io.jprune.kernels.SliceNormOrder.CHUNK};
        float[] t = new float[shape[1]];
        t[0] = 0x1p53f;     // lane 0 of chunk 0
        t[1] = 1;           // lane 1 of chunk 0
        t[33] = 1;          // lane 1 of chunk 0, after t[1]
        t[4096] = 1;        // chunk 1
        // In memory order each 1 rounds away against 2^53 (ties to even): 2^53. In the canonical order lane 1
        // holds 2, lane 0 + lane 1 = 2^53 + 2 exactly, and adding chunk 1's 1 rounds to even: 2^53 + 4.
        assertArrayEquals(new double[] {0x1p53 + 4}, DEFAULT.sliceNorms(t, shape, 0, 1), 0);
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
