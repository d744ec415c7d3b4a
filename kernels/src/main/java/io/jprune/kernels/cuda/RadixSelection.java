package io.jprune.kernels.cuda;

import java.util.List;

/**
 * The host half of the GPU's k-smallest selection (radix_select.cu): it reads digit histograms to find
 * the cutoff magnitude, then turns per-tile counts into output offsets so that the write pass can emit
 * the selected flat indices in ascending order with the CPU's tie rule (lower indices first among
 * entries equal to the cutoff). Pure arithmetic over what the passes report, so that it is tested
 * without a GPU against a plain Java model of the three passes.
 */
final class RadixSelection {
    /** Elements per block of the tile passes (SELECT_TILE in radix_select.cu). */
    static final int TILE = 8192;

    /** One radix digit of the 31-bit magnitude key: bits [shift, shift + bits). */
    record Digit(int shift, int bits) {
        int bins() {
            return 1 << bits;
        }

        int mask() {
            return (bins() - 1) << shift;
        }
    }

    /** Bits 30..20, 19..9, 8..0: three passes whose histograms (at most 2048 bins) fit in shared memory. */
    static final List<Digit> DIGITS = List.of(new Digit(20, 11), new Digit(9, 11), new Digit(0, 9));

    /** The key of the k-th smallest candidate, and how many candidates with exactly that key are selected. */
    record Cutoff(int key, int need) {
    }

    /** Per tile of {@link #TILE} elements: candidates below the cutoff key, and equal to it. */
    record TileCounts(int[] less, int[] equal) {
    }

    /** Per tile: where its first selected index goes, and how many cutoff-equal candidates precede it. */
    record TileOffsets(int[] outOffsets, int[] equalBefore, long selected) {
    }

    /** The digit bin that holds the rank-th smallest (1-based) key, and the rank within that bin. */
    record DigitChoice(int digit, long rankWithin) {
    }

    /** What the device runs; a test model implements the same three passes in plain Java. */
    interface Passes {
        /** Histogram of {@code digit} over the candidates whose key matches {@code prefix} on {@code prefixMask}. */
        int[] histogram(int prefix, int prefixMask, Digit digit);

        TileCounts tileCounts(int cutoff);

        /** Delivers the k selected entries: their flat indices in ascending order, or their bits cleared in a mask. */
        void write(int cutoff, int need, TileOffsets offsets);
    }

    private RadixSelection() {
    }

    static int tiles(int n) {
        return (int) (((long) n + TILE - 1) / TILE);
    }

    /** Runs the selection of the k (at least 1) smallest through the passes. */
    static void select(Passes passes, int k) {
        Cutoff cutoff = findCutoff(passes, k);
        TileOffsets offsets = tileOffsets(passes.tileCounts(cutoff.key()), cutoff.need());
        if (offsets.selected() != k) {
            throw new CudaException("radix select counted " + offsets.selected() + " entries for k=" + k
                    + " (the device passes disagree)");
        }
        passes.write(cutoff.key(), cutoff.need(), offsets);
    }

    static Cutoff findCutoff(Passes passes, int k) {
        int prefix = 0;
        int prefixMask = 0;
        long rank = k;
        for (Digit digit : DIGITS) {
            DigitChoice choice = locate(passes.histogram(prefix, prefixMask, digit), rank);
            prefix |= choice.digit() << digit.shift();
            prefixMask |= digit.mask();
            rank = choice.rankWithin();
        }
        return new Cutoff(prefix, (int) rank);
    }

    static DigitChoice locate(int[] histogram, long rank) {
        long before = 0;
        for (int digit = 0; digit < histogram.length; digit++) {
            long count = Integer.toUnsignedLong(histogram[digit]);
            if (before + count >= rank) {
                return new DigitChoice(digit, rank - before);
            }
            before += count;
        }
        throw new CudaException("radix select: the histogram holds " + before + " keys, rank " + rank
                + " was sought (the device passes disagree)");
    }

    static TileOffsets tileOffsets(TileCounts counts, int need) {
        int tiles = counts.less().length;
        int[] outOffsets = new int[tiles];
        int[] equalBefore = new int[tiles];
        long written = 0;
        long equalSoFar = 0;
        for (int tile = 0; tile < tiles; tile++) {
            outOffsets[tile] = (int) written;
            equalBefore[tile] = (int) equalSoFar;
            long equal = Integer.toUnsignedLong(counts.equal()[tile]);
            long takenEqual = Math.max(0, Math.min(equal, need - equalSoFar));
            written += Integer.toUnsignedLong(counts.less()[tile]) + takenEqual;
            equalSoFar += equal;
        }
        return new TileOffsets(outOffsets, equalBefore, written);
    }

    /**
     * The magnitude key radix_select.cu sorts by: the float bits without the sign (-0.0 == 0.0), and one
     * key above +inf for every NaN.
     */
    static int magnitudeKey(float x) {
        int bits = Float.floatToRawIntBits(x) & 0x7fffffff;
        return bits > 0x7f800000 ? 0x7f800001 : bits;
    }
}
