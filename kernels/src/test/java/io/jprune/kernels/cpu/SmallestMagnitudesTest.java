package io.jprune.kernels.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jprune.kernels.BitMask;
import io.jprune.kernels.Kernels;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The radix select against a brute-force sort by (magnitude, index), on data full of ties, NaN and -0.0. */
class SmallestMagnitudesTest {
    private static final CpuKernels DEFAULT = new CpuKernels();
    private static final CpuKernels TINY_CHUNKS = new CpuKernels(n -> ParallelChunks.ofSize(n, 64));
    private static final CpuKernels ODD_CHUNKS = new CpuKernels(n -> ParallelChunks.ofSize(n, 192));

    @Test
    void prunesTheSmallestMagnitudesLowerIndexFirstAmongTies() {
        float[] scores = {2f, -1f, 0.5f, -0.5f, 1f, 3f};
        assertArrayEquals(new int[] {2, 3}, DEFAULT.smallestMagnitudes(scores, null, 2));
        assertArrayEquals(new int[] {2}, DEFAULT.smallestMagnitudes(scores, null, 1));
        assertArrayEquals(new int[] {1, 2, 3}, DEFAULT.smallestMagnitudes(scores, null, 3));
        assertArrayEquals(new int[] {1, 2, 3, 4}, DEFAULT.smallestMagnitudes(scores, null, 4));
    }

    @Test
    void negativeZeroEqualsZeroAndNanRanksAboveInfinity() {
        float[] scores = {Float.NaN, Float.POSITIVE_INFINITY, -0f, 0f, Float.NEGATIVE_INFINITY, -Float.NaN, 1e-45f};
        assertArrayEquals(new int[] {2, 3}, DEFAULT.smallestMagnitudes(scores, null, 2));
        assertArrayEquals(new int[] {2, 3, 6}, DEFAULT.smallestMagnitudes(scores, null, 3));
        assertArrayEquals(new int[] {1, 2, 3, 6}, DEFAULT.smallestMagnitudes(scores, null, 4));
        assertArrayEquals(new int[] {1, 2, 3, 4, 6}, DEFAULT.smallestMagnitudes(scores, null, 5));
        assertArrayEquals(new int[] {0, 1, 2, 3, 4, 6}, DEFAULT.smallestMagnitudes(scores, null, 6));
        int nanWithPayload = Float.floatToRawIntBits(Float.NaN) | 0x1234;
        float[] nans = {Float.intBitsToFloat(nanWithPayload), Float.NaN, Float.MAX_VALUE};
        assertArrayEquals(new int[] {0, 2}, DEFAULT.smallestMagnitudes(nans, null, 2));
    }

    @Test
    void choosesOnlyAmongCandidates() {
        float[] scores = {0.1f, 5f, 0.2f, 3f, 4f, 0.3f};
        BitMask candidates = BitMask.fromFloats(new float[] {0, 1, 1, 1, 1, 1});
        assertArrayEquals(new int[] {2, 5}, DEFAULT.smallestMagnitudes(scores, candidates, 2));
        assertArrayEquals(new int[] {1, 2, 3, 4, 5}, DEFAULT.smallestMagnitudes(scores, candidates, 5));
    }

    @Test
    void refusesAnImpossibleCount() {
        float[] scores = {1f, 2f, 3f};
        assertThrows(IllegalArgumentException.class, () -> DEFAULT.smallestMagnitudes(scores, null, 4));
        assertThrows(IllegalArgumentException.class, () -> DEFAULT.smallestMagnitudes(scores, null, -1));
        BitMask two = BitMask.fromFloats(new float[] {1, 0, 1});
        assertThrows(IllegalArgumentException.class, () -> DEFAULT.smallestMagnitudes(scores, two, 3));
        assertThrows(IllegalArgumentException.class, () -> DEFAULT.smallestMagnitudes(scores, BitMask.ones(4), 1));
        assertArrayEquals(new int[0], DEFAULT.smallestMagnitudes(new float[0], null, 0));
    }

    @Test
    void matchesBruteForceOnSmallAndOddSizes() {
        SplittableRandom random = new SplittableRandom(7);
        int[] sizes = {1, 2, 3, 63, 64, 65, 127, 128, 129, 500, 1000, 4097};
        for (int n : sizes) {
            for (Data data : Data.values()) {
                float[] scores = data.make(n, random);
                for (BitMask candidates : candidateSets(n, random)) {
                    for (CpuKernels kernels : List.of(DEFAULT, TINY_CHUNKS, ODD_CHUNKS)) {
                        checkAgainstBruteForce(kernels, scores, candidates, random, n + " " + data);
                    }
                }
            }
        }
    }

    @Test
    void matchesBruteForceUpToAMillionOnTheParallelPath() {
        SplittableRandom random = new SplittableRandom(11);
        for (int n : new int[] {ParallelChunks.PARALLEL_THRESHOLD + 77, 1_000_000}) {
            for (Data data : new Data[] {Data.GAUSSIAN, Data.FEW_VALUES, Data.SPECIALS}) {
                float[] scores = data.make(n, random);
                Integer[] order = bruteForceOrder(scores, null);
                BitMask ones = BitMask.ones(n);
                for (int k : new int[] {1, n * 3 / 10, n - 1, n}) {
                    int[] expected = sortedPrefix(order, k);
                    assertArrayEquals(expected, DEFAULT.smallestMagnitudes(scores, null, k), n + " " + data + " k=" + k);
                    assertEquals(cleared(ones, expected), DEFAULT.pruneSmallestMagnitudes(scores, null, k, ones),
                            n + " " + data + " mask k=" + k);
                }
                BitMask candidates = randomMask(n, 0.6, random);
                Integer[] candidateOrder = bruteForceOrder(scores, candidates);
                int k = candidateOrder.length / 3;
                assertArrayEquals(sortedPrefix(candidateOrder, k), DEFAULT.smallestMagnitudes(scores, candidates, k),
                        n + " " + data + " with candidates");
                assertEquals(cleared(candidates, sortedPrefix(candidateOrder, k)),
                        DEFAULT.pruneSmallestMagnitudes(scores, candidates, k, candidates),
                        n + " " + data + " mask with candidates");
            }
        }
    }

    @Test
    void allEqualScoresTakeTheLowestIndices() {
        float[] scores = new float[300_000];
        java.util.Arrays.fill(scores, 0.25f);
        for (int i = 0; i < scores.length; i += 2) {
            scores[i] = -0.25f;
        }
        int[] expected = new int[123_457];
        for (int i = 0; i < expected.length; i++) {
            expected[i] = i;
        }
        assertArrayEquals(expected, DEFAULT.smallestMagnitudes(scores, null, expected.length));
    }

    private static void checkAgainstBruteForce(CpuKernels kernels, float[] scores, BitMask candidates,
                                               SplittableRandom random, String label) {
        Integer[] order = bruteForceOrder(scores, candidates);
        int available = order.length;
        int[] ks = {0, 1, available / 2, available - 1, available, random.nextInt(available + 1)};
        for (int k : ks) {
            if (k < 0 || k > available) {
                continue;
            }
            int[] actual = kernels.smallestMagnitudes(scores, candidates, k);
            assertEquals(k, actual.length);
            int[] expected = sortedPrefix(order, k);
            assertArrayEquals(expected, actual, label + " k=" + k);
            BitMask defaultMask = randomMask(scores.length, 0.9, random);
            assertEquals(cleared(defaultMask, expected), kernels.pruneSmallestMagnitudes(scores, candidates, k,
                    defaultMask), label + " mask k=" + k);
        }
    }

    @Test
    void theMaskPathAgreesWithTheInterfacesIndexListDefault() {
        SplittableRandom random = new SplittableRandom(13);
        Kernels viaIndices = new Kernels() {
            @Override
            public String description() {
                return "index list";
            }

            @Override
            public void maskedMultiply(float[] orig, BitMask mask, float[] out) {
                throw new UnsupportedOperationException();
            }

            @Override
            public int[] smallestMagnitudes(float[] scores, BitMask candidates, int k) {
                return DEFAULT.smallestMagnitudes(scores, candidates, k);
            }

            @Override
            public double[] sliceNorms(float[] t, int[] shape, int dim, double p) {
                throw new UnsupportedOperationException();
            }

            @Override
            public BitMask expandChannels(int[] shape, int dim, boolean[] keep) {
                throw new UnsupportedOperationException();
            }

            @Override
            public boolean[] channelsAlive(BitMask mask, int[] shape, int dim) {
                throw new UnsupportedOperationException();
            }

            @Override
            public long countZeros(float[] t) {
                throw new UnsupportedOperationException();
            }
        };
        for (int trial = 0; trial < 30; trial++) {
            int n = 1 + random.nextInt(3000);
            float[] scores = Data.values()[trial % Data.values().length].make(n, random);
            BitMask defaultMask = randomMask(n, 0.8, random);
            BitMask candidates = trial % 2 == 0 ? null : defaultMask;
            int available = candidates == null ? n : candidates.cardinality();
            int k = random.nextInt(available + 1);
            assertEquals(viaIndices.pruneSmallestMagnitudes(scores, candidates, k, defaultMask),
                    TINY_CHUNKS.pruneSmallestMagnitudes(scores, candidates, k, defaultMask));
        }
        assertThrows(IllegalArgumentException.class,
                () -> DEFAULT.pruneSmallestMagnitudes(new float[3], null, 1, BitMask.ones(4)));
        assertThrows(IllegalArgumentException.class,
                () -> DEFAULT.pruneSmallestMagnitudes(new float[3], null, 4, BitMask.ones(3)));
    }

    private static BitMask cleared(BitMask mask, int[] indices) {
        BitMask copy = mask.copy();
        for (int index : indices) {
            copy.clear(index);
        }
        return copy;
    }

    static Integer[] bruteForceOrder(float[] scores, BitMask candidates) {
        List<Integer> indices = new ArrayList<>();
        for (int i = 0; i < scores.length; i++) {
            if (candidates == null || candidates.get(i)) {
                indices.add(i);
            }
        }
        Comparator<Integer> byMagnitude = (a, b) -> compareMagnitudes(scores[a], scores[b]);
        indices.sort(byMagnitude.thenComparing(Comparator.naturalOrder()));
        return indices.toArray(new Integer[0]);
    }

    private static int compareMagnitudes(float a, float b) {
        boolean nanA = Float.isNaN(a);
        boolean nanB = Float.isNaN(b);
        if (nanA || nanB) {
            return Boolean.compare(nanA, nanB);
        }
        float ma = Math.abs(a);
        float mb = Math.abs(b);
        return ma < mb ? -1 : ma > mb ? 1 : 0;
    }

    private static int[] sortedPrefix(Integer[] order, int k) {
        int[] prefix = new int[k];
        for (int i = 0; i < k; i++) {
            prefix[i] = order[i];
        }
        java.util.Arrays.sort(prefix);
        return prefix;
    }

    private static List<BitMask> candidateSets(int n, SplittableRandom random) {
        List<BitMask> sets = new ArrayList<>();
        sets.add(null);
        sets.add(BitMask.ones(n));
        sets.add(randomMask(n, 0.5, random));
        sets.add(randomMask(n, 0.95, random));
        sets.add(randomMask(n, 0.05, random));
        return sets;
    }

    static BitMask randomMask(int n, double keepProbability, SplittableRandom random) {
        BitMask mask = BitMask.zeros(n);
        for (int i = 0; i < n; i++) {
            if (random.nextDouble() < keepProbability) {
                mask.set(i);
            }
        }
        return mask;
    }

    /** Score distributions that stress different parts of the select. */
    enum Data {
        GAUSSIAN {
            @Override
            float value(SplittableRandom random) {
                return (float) (random.nextDouble() * 2 - 1) * (float) Math.exp(random.nextDouble() * 4 - 2);
            }
        },
        FEW_VALUES {
            @Override
            float value(SplittableRandom random) {
                float[] values = {-2f, -1f, -0f, 0f, 1f, 2f};
                return values[random.nextInt(values.length)];
            }
        },
        NEAR_VALUES {
            @Override
            float value(SplittableRandom random) {
                return Float.intBitsToFloat(0x3f000000 + random.nextInt(300)) * (random.nextBoolean() ? 1 : -1);
            }
        },
        SPECIALS {
            @Override
            float value(SplittableRandom random) {
                float[] values = {Float.NaN, -0f, 0f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY,
                    Float.MIN_VALUE, -Float.MAX_VALUE, 0.5f};
                return random.nextInt(3) == 0 ? values[random.nextInt(values.length)] : GAUSSIAN.value(random);
            }
        };

        abstract float value(SplittableRandom random);

        float[] make(int n, SplittableRandom random) {
            float[] values = new float[n];
            for (int i = 0; i < n; i++) {
                values[i] = value(random);
            }
            return values;
        }
    }
}
