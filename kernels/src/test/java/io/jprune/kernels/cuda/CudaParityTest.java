package io.jprune.kernels.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.jprune.kernels.Backends;
import io.jprune.kernels.BitMask;
import io.jprune.kernels.Kernels;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The GPU kernels against the CPU kernels, which the engine's reference tests pin down: the same masks
 * and indices bit for bit, the same products (NaN for NaN), the same norms bit for bit for p = 0, 1, 2,
 * inf and -inf (up to pow's last bits for other p). Random tensors from 1 to 64M elements (-Djprune.parity.maxElements lowers the ceiling,
 * and -Djprune.parity.maxChannels skips structured checks along wide dims, for the emulated GPU),
 * including heavy ties, NaN, infinities, -0.0 and subnormals.
 *
 * <p>Skipped where this JVM has no CUDA device, with the probe's reason (failed under
 * -Djprune.requireCuda=device, as the device check runs it).
 */
class CudaParityTest {
    static final String MAX_ELEMENTS_PROPERTY = "jprune.parity.maxElements";
    /** Structured checks skip dims with more channels (one block per channel is slow on the emulated GPU). */
    static final String MAX_CHANNELS_PROPERTY = "jprune.parity.maxChannels";

    /** Above this many elements only the common cases run, to keep the device check within its minutes. */
    private static final int FULL_SWEEP_LIMIT = 1 << 22;

    private static Kernels gpu;
    private static String unavailable;
    private final Kernels cpu = Backends.cpu();

    /** One tensor shape; its name is what the test report shows. */
    record Case(int[] shape) {
        int numel() {
            int n = 1;
            for (int d : shape) {
                n *= d;
            }
            return n;
        }

        boolean large() {
            return numel() > FULL_SWEEP_LIMIT;
        }

        /** The dims whose channels the structured checks visit. */
        int[] dims() {
            int maxChannels = Integer.getInteger(MAX_CHANNELS_PROPERTY, Integer.MAX_VALUE);
            return IntStream.range(0, shape.length).filter(d -> shape[d] <= maxChannels).toArray();
        }

        @Override
        public String toString() {
            return "shape " + Arrays.toString(shape) + " (" + numel() + " elements)";
        }
    }

    static Stream<Case> cases() {
        long max = Long.getLong(MAX_ELEMENTS_PROPERTY, 1L << 26);
        return Stream.of(new int[] {1}, new int[] {2, 1}, new int[] {3, 21}, new int[] {64}, new int[] {65},
                        new int[] {8, 8, 3, 3}, new int[] {91, 90}, new int[] {8193}, new int[] {7, 1, 5, 5},
                        new int[] {120, 84}, new int[] {300, 333}, new int[] {64, 128, 3, 3},
                        new int[] {1024, 1024}, new int[] {512, 256, 3, 3}, new int[] {3072, 3072},
                        new int[] {8192, 8192})
                .map(Case::new)
                .filter(c -> c.numel() <= max);
    }

    @BeforeAll
    static void openGpu() {
        try {
            gpu = Backends.select("gpu").kernels();
        } catch (IllegalStateException e) {
            unavailable = e.getMessage();
        }
    }

    @BeforeEach
    void requireGpu(TestReporter reporter) {
        RequiredCuda.check(gpu != null, RequiredCuda.device(), () -> "no CUDA device: " + unavailable);
        reporter.publishEntry("gpu", gpu.description());
    }

    /** Mostly distinct magnitudes over a wide range, with a sprinkle of zeros of both signs. */
    static float[] spread(int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] t = new float[n];
        for (int i = 0; i < n; i++) {
            int pick = random.nextInt(100);
            t[i] = pick == 0 ? 0f : pick == 1 ? -0f : (float) (random.nextGaussian() * Math.pow(2, random.nextInt(-20, 20)));
        }
        return t;
    }

    /** A few values only, so that most of the selection is decided by the tie rule; NaN, infinities, subnormals. */
    static float[] tied(int n, long seed) {
        float[] pool = {0f, -0f, 0.5f, -0.5f, 1f, -1f, 0.25f, Float.MIN_VALUE, -Float.MIN_VALUE, Float.NaN,
            Float.intBitsToFloat(0xffc00123), Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 3e38f};
        SplittableRandom random = new SplittableRandom(seed);
        float[] t = new float[n];
        for (int i = 0; i < n; i++) {
            t[i] = pool[random.nextInt(pool.length)];
        }
        return t;
    }

    static BitMask randomMask(int n, double keep, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        BitMask mask = BitMask.zeros(n);
        for (int i = 0; i < n; i++) {
            if (random.nextDouble() < keep) {
                mask.set(i);
            }
        }
        return mask;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void maskedMultiplyMatchesAndKeepsTheOriginalOnTheDevice(Case c) {
        int n = c.numel();
        float[] orig = tied(n, n);
        CudaKernels cuda = (CudaKernels) gpu;
        int cachedBefore = cuda.cachedOriginals();
        for (double keep : new double[] {0.5, 0.1}) {
            BitMask mask = randomMask(n, keep, n + 17);
            float[] expected = new float[n];
            float[] actual = new float[n];
            cpu.maskedMultiply(orig, mask, expected);
            gpu.maskedMultiply(orig, mask, actual);
            assertProducts(expected, actual);
            assertEquals(cachedBefore + 1, cuda.cachedOriginals(), "the original stays on the device");
        }
        gpu.release(orig);
        assertEquals(cachedBefore, cuda.cachedOriginals(), "release drops it");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void smallestMagnitudesMatchWithTheTieRuleAsIndicesAndAsMasks(Case c) {
        int n = c.numel();
        for (float[] scores : new float[][] {spread(n, n), tied(n, n + 1)}) {
            for (BitMask candidates : new BitMask[] {null, randomMask(n, 0.7, n + 2)}) {
                int available = candidates == null ? n : candidates.cardinality();
                int[] ks = c.large() ? new int[] {(int) Math.rint(0.3 * available)}
                        : new int[] {1, (int) Math.rint(0.3 * available), available};
                for (int k : ks) {
                    if (k < 1 || k > available) {
                        continue;
                    }
                    String what = "k=" + k + (candidates == null ? "" : " among " + available + " candidates");
                    int[] expected = cpu.smallestMagnitudes(scores, candidates, k);
                    int[] actual = gpu.smallestMagnitudes(scores, candidates, k);
                    if (!Arrays.equals(expected, actual)) {
                        fail(what + ": " + firstDifference(expected, actual));
                    }
                    BitMask defaultMask = candidates != null ? candidates : randomMask(n, 0.9, n + 3);
                    assertEquals(cpu.pruneSmallestMagnitudes(scores, candidates, k, defaultMask),
                            gpu.pruneSmallestMagnitudes(scores, candidates, k, defaultMask), "the mask form, " + what);
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void sliceNormsMatchAlongEveryDim(Case c) {
        int n = c.numel();
        double[] orders = c.large() ? new double[] {1, 2, Double.POSITIVE_INFINITY}
                : new double[] {0, 1, 2, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 3, 0.5};
        float[][] tensors = c.large() ? new float[][] {spread(n, n)} : new float[][] {spread(n, n), tied(n, n)};
        for (float[] t : tensors) {
            for (int dim : c.dims()) {
                for (double p : orders) {
                    double[] expected = cpu.sliceNorms(t, c.shape(), dim, p);
                    double[] actual = gpu.sliceNorms(t, c.shape(), dim, p);
                    assertNorms(expected, actual, p, "dim=" + dim + " p=" + p);
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void channelMasksMatchAlongEveryDim(Case c) {
        int n = c.numel();
        SplittableRandom random = new SplittableRandom(n);
        for (int dim : c.dims()) {
            boolean[] keep = new boolean[c.shape()[dim]];
            for (int ch = 0; ch < keep.length; ch++) {
                keep[ch] = random.nextBoolean();
            }
            BitMask expanded = cpu.expandChannels(c.shape(), dim, keep);
            assertEquals(expanded, gpu.expandChannels(c.shape(), dim, keep), "expandChannels dim=" + dim);

            BitMask sparse = randomMask(n, 0.001, n + dim);
            sparse.and(expanded);
            assertArrayEquals(cpu.channelsAlive(sparse, c.shape(), dim), gpu.channelsAlive(sparse, c.shape(), dim),
                    "channelsAlive dim=" + dim);
            assertArrayEquals(cpu.channelsAlive(expanded, c.shape(), dim), gpu.channelsAlive(expanded, c.shape(), dim),
                    "channelsAlive of the expansion, dim=" + dim);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void zeroCountsMatch(Case c) {
        int n = c.numel();
        for (float[] t : new float[][] {spread(n, n), tied(n, n)}) {
            assertEquals(cpu.countZeros(t), gpu.countZeros(t));
        }
    }

    /** Same bits, except that NaN matches NaN: the GPU's canonical NaN payload differs from the CPU's. */
    static void assertProducts(float[] expected, float[] actual) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            if (Float.isNaN(expected[i]) && Float.isNaN(actual[i])) {
                continue;
            }
            if (Float.floatToRawIntBits(expected[i]) != Float.floatToRawIntBits(actual[i])) {
                fail("element " + i + ": expected " + expected[i] + " but was " + actual[i]);
            }
        }
    }

    /**
     * p = 0, 1, 2, inf and -inf bit for bit (both backends add in SliceNormOrder's order and every term is
     * exact); other p up to the last bits of pow, which the JVM and CUDA may round differently (relative
     * 1e-12); NaN for NaN, infinity for infinity.
     */
    static void assertNorms(double[] expected, double[] actual, double p, String what) {
        boolean exact = p == 0 || p == 1 || p == 2 || Double.isInfinite(p);
        assertEquals(expected.length, actual.length, what);
        for (int c = 0; c < expected.length; c++) {
            double e = expected[c];
            double a = actual[c];
            boolean same = Double.compare(e, a) == 0
                    || (!exact && Double.isFinite(e) && Math.abs(e - a) <= 1e-12 * Math.abs(e));
            assertTrue(same, what + " channel " + c + ": expected " + e + " but was " + a);
        }
    }

    /**
     * Issue 16's case on the GPU: identical rows (and identical columns), large enough for many chunks and
     * warps, get one norm each, the CPU's bits, so ln_structured's tie rule decides the same everywhere.
     */
    @Test
    void identicalChannelsGetTheCpuNormsBitForBit() {
        int rows = 1000;
        int cols = 1001;
        float[] row = spread(cols, 16);
        float[] byRows = new float[rows * cols];
        float[] byColumns = new float[rows * cols];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(row, 0, byRows, r * cols, cols);
            Arrays.fill(byColumns, r * cols, (r + 1) * cols, row[r]);
        }
        int[] shape = {rows, cols};
        for (double p : new double[] {0, 1, 2, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 3, 0.5}) {
            double[] rowNorms = gpu.sliceNorms(byRows, shape, 0, p);
            double[] columnNorms = gpu.sliceNorms(byColumns, shape, 1, p);
            assertEquals(1, Arrays.stream(rowNorms).distinct().count(), "one norm for every row, p=" + p);
            assertEquals(1, Arrays.stream(columnNorms).distinct().count(), "one norm for every column, p=" + p);
            assertNorms(cpu.sliceNorms(byRows, shape, 0, p), rowNorms, p, "rows p=" + p);
            assertNorms(cpu.sliceNorms(byColumns, shape, 1, p), columnNorms, p, "columns p=" + p);
        }
    }

    private static String firstDifference(int[] expected, int[] actual) {
        for (int i = 0; i < Math.min(expected.length, actual.length); i++) {
            if (expected[i] != actual[i]) {
                return "first difference at position " + i + ": expected index " + expected[i] + " but was " + actual[i];
            }
        }
        return "lengths " + expected.length + " and " + actual.length;
    }
}
