package io.jprune.kernels.cpu;

import io.jprune.kernels.BitMask;

/**
 * Structured masks, seen as runs: along {@code dim}, channel {@code c} owns the runs
 * {@code [(o * channels + c) * inner, ... + inner)} for every {@code o}. Runs of neighbouring kept
 * channels touch, so they are set as one range, a word at a time.
 */
final class ChannelMasks {
    private ChannelMasks() {
    }

    static BitMask expand(int[] shape, int dim, boolean[] keep) {
        Layout layout = Layout.of(shape, dim);
        if (keep.length != layout.channels) {
            throw new IllegalArgumentException("keep has " + keep.length + " entries but dim " + dim
                    + " has " + layout.channels + " channels");
        }
        long[] words = new long[(layout.numel + 63) >>> 6];
        for (long o = 0; o < layout.outer; o++) {
            int c = 0;
            while (c < layout.channels) {
                if (!keep[c]) {
                    c++;
                    continue;
                }
                int first = c;
                while (c < layout.channels && keep[c]) {
                    c++;
                }
                long from = (o * layout.channels + first) * layout.inner;
                long to = (o * layout.channels + c) * layout.inner;
                setRange(words, (int) from, (int) to);
            }
        }
        return BitMask.ofWords(layout.numel, words);
    }

    static boolean[] alive(BitMask mask, int[] shape, int dim) {
        Layout layout = Layout.of(shape, dim);
        if (mask.size() != layout.numel) {
            throw new IllegalArgumentException("the mask has " + mask.size() + " elements but the shape holds "
                    + layout.numel);
        }
        long[] words = mask.wordsView();
        boolean[] alive = new boolean[layout.channels];
        int found = 0;
        for (long o = 0; o < layout.outer && found < layout.channels; o++) {
            for (int c = 0; c < layout.channels; c++) {
                if (!alive[c]) {
                    long from = (o * layout.channels + c) * layout.inner;
                    if (anySet(words, (int) from, (int) (from + layout.inner))) {
                        alive[c] = true;
                        found++;
                    }
                }
            }
        }
        return alive;
    }

    static void setRange(long[] words, int from, int to) {
        if (from >= to) {
            return;
        }
        int firstWord = from >>> 6;
        int lastWord = (to - 1) >>> 6;
        long firstBits = -1L << from;
        long lastBits = -1L >>> -to;
        if (firstWord == lastWord) {
            words[firstWord] |= firstBits & lastBits;
            return;
        }
        words[firstWord] |= firstBits;
        for (int w = firstWord + 1; w < lastWord; w++) {
            words[w] = -1L;
        }
        words[lastWord] |= lastBits;
    }

    static boolean anySet(long[] words, int from, int to) {
        if (from >= to) {
            return false;
        }
        int firstWord = from >>> 6;
        int lastWord = (to - 1) >>> 6;
        long firstBits = -1L << from;
        long lastBits = -1L >>> -to;
        if (firstWord == lastWord) {
            return (words[firstWord] & firstBits & lastBits) != 0;
        }
        if ((words[firstWord] & firstBits) != 0 || (words[lastWord] & lastBits) != 0) {
            return true;
        }
        for (int w = firstWord + 1; w < lastWord; w++) {
            if (words[w] != 0) {
                return true;
            }
        }
        return false;
    }

    /** A tensor seen as {@code [outer, channels, inner]} around {@code dim}. */
    private static final class Layout {
        final long outer;
        final int channels;
        final long inner;
        final int numel;

        private Layout(long outer, int channels, long inner) {
            this.outer = outer;
            this.channels = channels;
            this.inner = inner;
            this.numel = Math.toIntExact(outer * channels * inner);
        }

        static Layout of(int[] shape, int dim) {
            if (dim < 0 || dim >= shape.length) {
                throw new IllegalArgumentException("dim=" + dim + " is outside a shape of " + shape.length + " dims");
            }
            long outer = 1;
            for (int d = 0; d < dim; d++) {
                outer *= shape[d];
            }
            long inner = 1;
            for (int d = dim + 1; d < shape.length; d++) {
                inner *= shape[d];
            }
            return new Layout(outer, shape[dim], inner);
        }
    }
}
