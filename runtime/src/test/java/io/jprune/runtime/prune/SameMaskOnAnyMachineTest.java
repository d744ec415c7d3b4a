package io.jprune.runtime.prune;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jprune.kernels.BitMask;
import io.jprune.kernels.Kernels;
import io.jprune.kernels.cpu.CpuKernels;
import io.jprune.runtime.tensor.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.IntPredicate;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Issue 16: the same call on the same tensor must prune the same entries on a laptop and on a 64-core
 * server. Every tensor here is above the size where the CPU kernels split the work, and every mask is
 * checked exactly, for 1, 2, 4 and 16 simulated cores, on equal and nearly equal channels and on ties
 * of magnitude, where only the documented tie rules may decide. (The GPU's norms and selections are
 * held to the CPU's bits by CudaParityTest on the emulated GPU.)
 */
class SameMaskOnAnyMachineTest {
    private static final int[] WORKERS = {1, 2, 4, 16};

    /** Issue 16's case: 1,000 identical rows of 1,001 floats; pruning 500 must cut rows 500 to 999. */
    @Test
    void identicalRowsArePrunedHighestIndexFirstForEveryNorm() {
        int rows = 1000;
        int cols = 1001;
        float[] row = values(cols, 16);
        float[] t = new float[rows * cols];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(row, 0, t, r * cols, cols);
        }
        for (String n : new String[] {"1", "2", "inf", "-inf", "0", "fro", "3", "0.5"}) {
            BitMask expected = channelMask(rows, cols, 0, c -> c < 500);
            assertSameMaskEverywhere(expected, t, new int[] {rows, cols}, new LnStructured(Amount.count(500),
                    NormOrder.parse(n), 0), "rows, n=" + n);
        }
    }

    @Test
    void identicalColumnsArePrunedHighestIndexFirst() {
        int rows = 400;
        int cols = 400;
        float[] column = values(rows, 17);
        float[] t = new float[rows * cols];
        for (int r = 0; r < rows; r++) {
            Arrays.fill(t, r * cols, (r + 1) * cols, column[r]);
        }
        for (String n : new String[] {"1", "2", "inf", "3"}) {
            assertSameMaskEverywhere(channelMask(rows, cols, 1, c -> c < 100), t, new int[] {rows, cols},
                    new LnStructured(Amount.count(300), NormOrder.parse(n), 1), "columns, n=" + n);
        }
    }

    /**
     * Distinct but close norms (a few rows scaled by 1 +- 2^-10) are ranked by value, and the equal rest by
     * the tie rule: the two larger rows are kept, the two smaller ones pruned first.
     */
    @Test
    void nearlyIdenticalRowsRankByNormThenByIndex() {
        int rows = 1000;
        int cols = 200;
        float[] row = values(cols, 18);
        float[] t = new float[rows * cols];
        for (int r = 0; r < rows; r++) {
            float scale = r == 700 || r == 998 ? 1 + 0x1p-10f : r == 1 || r == 2 ? 1 - 0x1p-10f : 1;
            for (int i = 0; i < cols; i++) {
                t[r * cols + i] = row[i] * scale;
            }
        }
        // keep 500: rows 700 and 998, then the 498 lowest of the equal rows (0 and 3..499)
        IntPredicate kept = c -> c == 700 || c == 998 || c == 0 || (c >= 3 && c <= 499);
        for (String n : new String[] {"1", "2", "inf", "3", "0.5"}) {
            assertSameMaskEverywhere(channelMask(rows, cols, 0, kept), t, new int[] {rows, cols},
                    new LnStructured(Amount.count(500), NormOrder.parse(n), 0), "n=" + n);
        }
    }

    /**
     * Rows holding the same values in different orders have equal norms in exact arithmetic; for orders
     * that go through pow the computed norms differ in their last bits, and only the tie rule may decide.
     */
    @Test
    void permutedRowsAreTiesForOrdersThatGoThroughPow() {
        int rows = 500;
        int cols = 300;
        float[] t = permutedRows(rows, cols, 19);
        for (String n : new String[] {"3", "0.5", "-1.5"}) {
            assertSameMaskEverywhere(channelMask(rows, cols, 0, c -> c < 200), t, new int[] {rows, cols},
                    new LnStructured(Amount.count(300), NormOrder.parse(n), 0), "n=" + n);
        }
    }

    /** The nuclear norms of row-permuted copies of one matrix are equal in exact arithmetic. */
    @Test
    void rowPermutedMatricesAreTiesForTheNuclearNorm() {
        int channels = 60;
        int side = 12;
        float[] matrix = values(side * side, 20);
        float[] t = new float[channels * side * side];
        SplittableRandom random = new SplittableRandom(21);
        for (int c = 0; c < channels; c++) {
            int[] order = shuffled(side, random);
            for (int r = 0; r < side; r++) {
                System.arraycopy(matrix, order[r] * side, t, (c * side + r) * side, side);
            }
        }
        int[] shape = {channels, side, side};
        double[] norms = NuclearNorms.of(t, Shape.of(shape), 0);
        assertEquals(true, Arrays.stream(norms).distinct().count() > 1,
                "the test needs norms that differ by rounding, got " + Arrays.toString(norms));
        IntPredicate kept = c -> c < 20;
        BitMask expected = BitMask.zeros(t.length);
        for (int i = 0; i < t.length; i++) {
            if (kept.test(i / (side * side))) {
                expected.set(i);
            }
        }
        assertSameMaskEverywhere(expected, t, shape, new LnStructured(Amount.count(40), NormOrder.parse("nuc"), 0),
                "nuc");
    }

    /** Few distinct magnitudes over 300,000 entries: the cut falls among thousands of equal ones. */
    @Test
    void l1UnstructuredTiesGoLowerIndexFirst() {
        float[] t = tiedValues(300_000, 22);
        int k = 90_000;
        BitMask expected = BitMask.ones(t.length);
        for (int index : smallestByMagnitudeThenIndex(t, k)) {
            expected.clear(index);
        }
        assertSameMaskEverywhere(expected, t, new int[] {600, 500}, new L1Unstructured(Amount.count(k)), "l1");
    }

    @Test
    void globalUnstructuredTiesGoLowerIndexOfTheJoinedTensorFirst() {
        float[] joined = tiedValues(250_000, 23);
        int[] sizes = {150_000, 70, 99_930};
        int k = 100_000;
        BitMask expected = BitMask.ones(joined.length);
        for (int index : smallestByMagnitudeThenIndex(joined, k)) {
            expected.clear(index);
        }
        List<float[]> scores = new ArrayList<>();
        List<BitMask> masks = new ArrayList<>();
        int at = 0;
        for (int size : sizes) {
            scores.add(Arrays.copyOfRange(joined, at, at + size));
            masks.add(BitMask.ones(size));
            at += size;
        }
        for (int workers : WORKERS) {
            List<BitMask> actual = GlobalUnstructured.computeMasks(scores, masks, new L1Unstructured(Amount.count(k)),
                    CpuKernels.splittingAsIfOn(workers));
            at = 0;
            for (int p = 0; p < sizes.length; p++) {
                for (int i = 0; i < sizes[p]; i++) {
                    assertEquals(expected.get(at + i), actual.get(p).get(i),
                            workers + " workers: parameter " + p + " entry " + i);
                }
                at += sizes[p];
            }
        }
    }

    private static void assertSameMaskEverywhere(BitMask expected, float[] t, int[] shape, PruningMethod method,
                                                 String what) {
        for (int workers : WORKERS) {
            Kernels kernels = CpuKernels.splittingAsIfOn(workers);
            BitMask actual = PrunedParameter.prune(t, Shape.of(shape), method, null, kernels).mask();
            assertEquals(expected, actual, what + ", " + workers + " workers: " + firstDifference(expected, actual));
        }
    }

    private static String firstDifference(BitMask expected, BitMask actual) {
        for (int i = 0; i < expected.size(); i++) {
            if (expected.get(i) != actual.get(i)) {
                return "first difference at flat index " + i + " (expected kept: " + expected.get(i) + ")";
            }
        }
        return "no difference";
    }

    /** The mask of a 2-D tensor that keeps the channels along dim for which keep holds. */
    private static BitMask channelMask(int rows, int cols, int dim, IntPredicate keep) {
        BitMask mask = BitMask.zeros(rows * cols);
        for (int i = 0; i < rows * cols; i++) {
            if (keep.test(dim == 0 ? i / cols : i % cols)) {
                mask.set(i);
            }
        }
        return mask;
    }

    private static float[] values(int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] t = new float[n];
        for (int i = 0; i < n; i++) {
            t[i] = random.nextInt(10) == 0 ? 0f : (float) random.nextGaussian();
        }
        return t;
    }

    private static float[] permutedRows(int rows, int cols, long seed) {
        float[] row = values(cols, seed);
        SplittableRandom random = new SplittableRandom(seed + 1);
        float[] t = new float[rows * cols];
        for (int r = 0; r < rows; r++) {
            int[] order = shuffled(cols, random);
            for (int i = 0; i < cols; i++) {
                t[r * cols + i] = row[order[i]];
            }
        }
        return t;
    }

    private static int[] shuffled(int n, SplittableRandom random) {
        int[] order = IntStream.range(0, n).toArray();
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
        return order;
    }

    private static float[] tiedValues(int n, long seed) {
        float[] pool = {0f, -0f, 0.5f, -0.5f, 1f, -1f, 0.25f, Float.MIN_VALUE, 2f};
        SplittableRandom random = new SplittableRandom(seed);
        float[] t = new float[n];
        for (int i = 0; i < n; i++) {
            t[i] = pool[random.nextInt(pool.length)];
        }
        return t;
    }

    /** The brute force of the documented rule: by |x| (-0.0 equal to 0.0), then by flat index. */
    private static int[] smallestByMagnitudeThenIndex(float[] t, int k) {
        return IntStream.range(0, t.length).boxed()
                .sorted(Comparator.<Integer>comparingDouble(i -> Math.abs(t[i])).thenComparing(i -> i))
                .limit(k).mapToInt(Integer::intValue).toArray();
    }
}
