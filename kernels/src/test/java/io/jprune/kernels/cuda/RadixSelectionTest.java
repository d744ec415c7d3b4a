package io.jprune.kernels.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jprune.kernels.BitMask;
import io.jprune.kernels.cuda.RadixSelection.Cutoff;
import io.jprune.kernels.cuda.RadixSelection.Digit;
import io.jprune.kernels.cuda.RadixSelection.DigitChoice;
import io.jprune.kernels.cuda.RadixSelection.TileCounts;
import io.jprune.kernels.cuda.RadixSelection.TileOffsets;
import java.util.Arrays;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The host half of the GPU selection, driven by a plain Java model of radix_select.cu's three passes
 * (the same contract: histograms of the matching prefix, per-tile counts, per-tile writes in index order)
 * and checked against the rule itself: sort by (magnitude key, flat index), take the first k.
 */
class RadixSelectionTest {

    /** radix_select.cu's passes, one loop each. */
    private static class JavaPasses implements RadixSelection.Passes {
        final float[] scores;
        final BitMask candidates;
        final int[] out;
        int histogramCalls;

        JavaPasses(float[] scores, BitMask candidates, int k) {
            this.scores = scores;
            this.candidates = candidates;
            this.out = new int[k];
        }

        boolean candidate(int i) {
            return candidates == null || candidates.get(i);
        }

        @Override
        public int[] histogram(int prefix, int prefixMask, Digit digit) {
            histogramCalls++;
            int[] h = new int[digit.bins()];
            for (int i = 0; i < scores.length; i++) {
                int key = RadixSelection.magnitudeKey(scores[i]);
                if (candidate(i) && (key & prefixMask) == prefix) {
                    h[(key >>> digit.shift()) & (digit.bins() - 1)]++;
                }
            }
            return h;
        }

        @Override
        public TileCounts tileCounts(int cutoff) {
            int tiles = RadixSelection.tiles(scores.length);
            int[] less = new int[tiles];
            int[] equal = new int[tiles];
            for (int i = 0; i < scores.length; i++) {
                if (candidate(i)) {
                    int key = RadixSelection.magnitudeKey(scores[i]);
                    less[i / RadixSelection.TILE] += key < cutoff ? 1 : 0;
                    equal[i / RadixSelection.TILE] += key == cutoff ? 1 : 0;
                }
            }
            return new TileCounts(less, equal);
        }

        @Override
        public void write(int cutoff, int need, TileOffsets offsets) {
            for (int tile = 0; tile < offsets.outOffsets().length; tile++) {
                int position = offsets.outOffsets()[tile];
                int equalRank = offsets.equalBefore()[tile];
                int end = Math.min(scores.length, (tile + 1) * RadixSelection.TILE);
                for (int i = tile * RadixSelection.TILE; i < end; i++) {
                    if (!candidate(i)) {
                        continue;
                    }
                    int key = RadixSelection.magnitudeKey(scores[i]);
                    boolean selected = key < cutoff || (key == cutoff && equalRank < need);
                    if (key == cutoff) {
                        equalRank++;
                    }
                    if (selected) {
                        out[position++] = i;
                    }
                }
            }
        }
    }

    /** The rule: candidates ordered by magnitude key then index; the first k, ascending. */
    private static int[] byTheRule(float[] scores, BitMask candidates, int k) {
        return IntStream.range(0, scores.length)
                .filter(i -> candidates == null || candidates.get(i))
                .boxed()
                .sorted(Comparator.<Integer>comparingInt(i -> RadixSelection.magnitudeKey(scores[i]))
                        .thenComparingInt(i -> i))
                .limit(k)
                .mapToInt(Integer::intValue)
                .sorted()
                .toArray();
    }

    private static int[] select(float[] scores, BitMask candidates, int k) {
        JavaPasses passes = new JavaPasses(scores, candidates, k);
        RadixSelection.select(passes, k);
        assertEquals(RadixSelection.DIGITS.size(), passes.histogramCalls);
        return passes.out;
    }

    private static float[] tieHeavy(SplittableRandom random, int n) {
        float[] pool = {0f, -0f, 0.5f, -0.5f, 1f, -1f, Float.NaN, Float.intBitsToFloat(0x7fc00001),
            Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.MIN_VALUE, -Float.MIN_VALUE, 3e38f};
        float[] scores = new float[n];
        for (int i = 0; i < n; i++) {
            scores[i] = pool[random.nextInt(pool.length)];
        }
        return scores;
    }

    private static float[] spread(SplittableRandom random, int n) {
        float[] scores = new float[n];
        for (int i = 0; i < n; i++) {
            scores[i] = (float) (random.nextGaussian() * Math.pow(10, random.nextInt(-30, 30)));
        }
        return scores;
    }

    @Test
    void ranksMagnitudesWithNegativeZeroEqualAndEveryNaNLast() {
        assertEquals(RadixSelection.magnitudeKey(0f), RadixSelection.magnitudeKey(-0f));
        assertEquals(RadixSelection.magnitudeKey(2.5f), RadixSelection.magnitudeKey(-2.5f));
        assertEquals(RadixSelection.magnitudeKey(Float.NaN), RadixSelection.magnitudeKey(Float.intBitsToFloat(0xffc12345)));
        assertEquals(RadixSelection.magnitudeKey(Float.POSITIVE_INFINITY) + 1, RadixSelection.magnitudeKey(Float.NaN));
    }

    @Test
    void takesTheLowerIndicesAmongEqualMagnitudes() {
        float[] scores = {3, -1, 1, Float.NaN, 0, -0f, 2};
        assertArrayEquals(new int[] {1, 4, 5}, select(scores, null, 3));
        assertArrayEquals(new int[] {0, 1, 2, 4, 5, 6}, select(scores, null, 6));
        assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 6}, select(scores, null, 7));
    }

    @Test
    void choosesOnlyAmongCandidates() {
        float[] scores = {3, -1, 1, Float.NaN, 0, -0f, 2};
        BitMask candidates = BitMask.ones(7);
        candidates.clear(4);
        assertArrayEquals(new int[] {1, 2, 5, 6}, select(scores, candidates, 4));
    }

    @Test
    void matchesTheRuleOnTiesAcrossTiles() {
        SplittableRandom random = new SplittableRandom(7);
        for (int n : new int[] {1, 2, 64, 65, 8191, 8192, 8193, 30_000}) {
            float[] scores = tieHeavy(random, n);
            BitMask candidates = BitMask.zeros(n);
            for (int i = 0; i < n; i++) {
                if (random.nextInt(10) < 7) {
                    candidates.set(i);
                }
            }
            int available = candidates.cardinality();
            for (int k : new int[] {1, n / 3, n}) {
                if (k >= 1) {
                    assertArrayEquals(byTheRule(scores, null, k), select(scores, null, k), "n=" + n + " k=" + k);
                }
                int kc = Math.min(k, available);
                if (kc >= 1) {
                    assertArrayEquals(byTheRule(scores, candidates, kc), select(scores, candidates, kc),
                            "candidates n=" + n + " k=" + kc);
                }
            }
        }
    }

    @Test
    void matchesTheRuleOnValuesSpreadOverTheWholeExponentRange() {
        SplittableRandom random = new SplittableRandom(11);
        float[] scores = spread(random, 50_000);
        for (int k : new int[] {1, 2, 15_000, 49_999, 50_000}) {
            assertArrayEquals(byTheRule(scores, null, k), select(scores, null, k), "k=" + k);
        }
    }

    @Test
    void locatesTheBinHoldingARank() {
        int[] histogram = {0, 3, 0, 2, 5};
        assertEquals(new DigitChoice(1, 1), RadixSelection.locate(histogram, 1));
        assertEquals(new DigitChoice(1, 3), RadixSelection.locate(histogram, 3));
        assertEquals(new DigitChoice(3, 1), RadixSelection.locate(histogram, 4));
        assertEquals(new DigitChoice(4, 5), RadixSelection.locate(histogram, 10));
        assertThrows(CudaException.class, () -> RadixSelection.locate(histogram, 11));
    }

    @Test
    void splitsTheCutoffTiesAcrossTilesInIndexOrder() {
        TileCounts counts = new TileCounts(new int[] {2, 0, 1, 4}, new int[] {3, 2, 0, 5});
        TileOffsets offsets = RadixSelection.tileOffsets(counts, 4);
        assertArrayEquals(new int[] {0, 5, 6, 7}, offsets.outOffsets());
        assertArrayEquals(new int[] {0, 3, 5, 5}, offsets.equalBefore());
        assertEquals(11, offsets.selected());
    }

    @Test
    void refusesPassesThatDisagree() {
        JavaPasses lying = new JavaPasses(new float[] {1, 2, 3}, null, 2) {
            @Override
            public TileCounts tileCounts(int cutoff) {
                return new TileCounts(new int[] {0}, new int[] {0});
            }
        };
        CudaException e = assertThrows(CudaException.class, () -> RadixSelection.select(lying, 2));
        assertEquals("radix select counted 0 entries for k=2 (the device passes disagree)", e.getMessage());
    }

    @Test
    void cutoffOfTheKthSmallestCountsTheTiesToTake() {
        float[] scores = {5, 1, 5, 5, 2};
        JavaPasses passes = new JavaPasses(scores, null, 4);
        Cutoff cutoff = RadixSelection.findCutoff(passes, 4);
        assertEquals(Float.floatToRawIntBits(5f), cutoff.key());
        assertEquals(2, cutoff.need());
        assertArrayEquals(new int[] {0, 1, 2, 4}, select(scores, null, 4));
    }

    @Test
    void theDigitsCoverEveryKeyBitOnce() {
        int covered = 0;
        for (Digit digit : RadixSelection.DIGITS) {
            assertEquals(0, covered & digit.mask());
            covered |= digit.mask();
            assertEquals(true, digit.bins() <= 2048, "shared-memory histogram of radix_select.cu");
        }
        assertEquals(0x7fffffff, covered);
        assertEquals(Arrays.asList(20, 9, 0), RadixSelection.DIGITS.stream().map(Digit::shift).toList());
    }
}
