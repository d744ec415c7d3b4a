package io.jprune.kernels.cpu;

import io.jprune.kernels.BitMask;

/**
 * Finds the {@code k} smallest magnitudes without sorting: a radix select on the bits of {@code |x|}.
 *
 * <p>With the sign bit cleared, the bits of a float read as an int grow with its magnitude, so the
 * order of magnitudes is the order of these 31-bit keys; every NaN is mapped to one key just above
 * infinity, which ranks NaN above every number (as {@code torch.topk}) and -0.0 equal to 0.0.
 *
 * <p>Two passes over the data: the first counts keys by their top 12 bits (one small histogram per
 * chunk, chunks in parallel) and so finds the bucket that holds the k-th smallest key; the second
 * takes everything below that bucket (as indices, or straight into mask words) and lists the few inside
 * it. The cut within the bucket is then settled on those few alone (10 more bits, then the last 9), and
 * the tie rule takes the lowest flat indices among the keys equal to the cut.
 */
final class MagnitudeSelection {
    private static final int NAN_KEY = 0x7f800001;
    private static final int HIGH_SHIFT = 19;
    private static final int HIGH_BUCKETS = 1 << 12;
    private static final int MID_SHIFT = 9;
    private static final int MID_BUCKETS = 1 << 10;
    private static final int LOW_BUCKETS = 1 << 9;

    private MagnitudeSelection() {
    }

    /** The ranking key of a score: larger magnitude, larger key; every NaN the same key, above infinity. */
    static int key(float x) {
        return Math.min(Float.floatToRawIntBits(x) & 0x7fffffff, NAN_KEY);
    }

    /** Where the first pass puts the cut: the bucket holding the k-th smallest key, and what lies below it. */
    private static final class Cut {
        final int[][] histograms;
        final int bucket;
        final int below;
        final int[] memberOffset;

        Cut(int[][] histograms, int bucket, int below) {
            this.histograms = histograms;
            this.bucket = bucket;
            this.below = below;
            this.memberOffset = new int[histograms.length + 1];
            for (int c = 0; c < histograms.length; c++) {
                memberOffset[c + 1] = memberOffset[c] + histograms[c][bucket];
            }
        }

        int members() {
            return memberOffset[histograms.length];
        }

        int belowInChunk(int chunk) {
            int count = 0;
            for (int b = 0; b < bucket; b++) {
                count += histograms[chunk][b];
            }
            return count;
        }

        static Cut find(float[] scores, long[] words, int k, ParallelChunks chunks) {
            int[][] histograms = new int[chunks.count()][];
            chunks.run(c -> histograms[c] = histogram(scores, words, chunks.start(c), chunks.end(c)));
            int[] total = new int[HIGH_BUCKETS];
            for (int[] histogram : histograms) {
                for (int b = 0; b < HIGH_BUCKETS; b++) {
                    total[b] += histogram[b];
                }
            }
            int bucket = 0;
            int below = 0;
            while (below + total[bucket] < k) {
                below += total[bucket];
                bucket++;
            }
            return new Cut(histograms, bucket, below);
        }
    }

    private static int checkedCandidates(float[] scores, BitMask candidates, int k) {
        if (candidates != null && candidates.size() != scores.length) {
            throw new IllegalArgumentException("candidates has " + candidates.size()
                    + " elements but scores has " + scores.length);
        }
        int available = candidates == null ? scores.length : candidates.cardinality();
        if (k < 0 || k > available) {
            throw new IllegalArgumentException("k=" + k + " must be between 0 and the number of candidates=" + available);
        }
        return available;
    }

    static int[] smallest(float[] scores, BitMask candidates, int k, ParallelChunks chunks) {
        checkedCandidates(scores, candidates, k);
        if (k == 0) {
            return new int[0];
        }
        long[] words = candidates == null ? null : candidates.wordsView();
        int chunkCount = chunks.count();
        Cut cut = Cut.find(scores, words, k, chunks);
        int cutBucket = cut.bucket;
        int[] memberOffset = cut.memberOffset;

        int[] belowOffset = new int[chunkCount + 1];
        for (int c = 0; c < chunkCount; c++) {
            belowOffset[c + 1] = belowOffset[c] + cut.belowInChunk(c) + 1;
        }
        int[] belowIndices = new int[belowOffset[chunkCount]];
        int[] members = new int[cut.members()];
        int[] memberKeys = new int[members.length];
        chunks.run(c -> scatter(scores, words, chunks.start(c), chunks.end(c), cutBucket,
                belowIndices, belowOffset[c], members, memberKeys, memberOffset[c]));

        keepSmallest(members, memberKeys, k - cut.below);

        int[] outOffset = new int[chunkCount + 1];
        for (int c = 0; c < chunkCount; c++) {
            int selected = 0;
            for (int q = memberOffset[c]; q < memberOffset[c + 1]; q++) {
                if (members[q] >= 0) {
                    selected++;
                }
            }
            outOffset[c + 1] = outOffset[c] + (belowOffset[c + 1] - belowOffset[c] - 1) + selected;
        }
        int[] out = new int[k];
        chunks.run(c -> merge(belowIndices, belowOffset[c], belowOffset[c + 1] - 1,
                members, memberOffset[c], memberOffset[c + 1], out, outOffset[c]));
        return out;
    }

    /**
     * The same selection, returned as {@code defaultMask} with the selected entries cleared, without ever
     * listing them: the second pass packs "below the cut bucket" into mask words directly and lists only the
     * few entries inside the cut bucket, which are settled afterwards.
     */
    static BitMask prune(float[] scores, BitMask candidates, int k, BitMask defaultMask, ParallelChunks chunks) {
        if (defaultMask.size() != scores.length) {
            throw new IllegalArgumentException("defaultMask has " + defaultMask.size() + " elements but scores has "
                    + scores.length);
        }
        checkedCandidates(scores, candidates, k);
        if (k == 0) {
            return defaultMask.copy();
        }
        long[] words = candidates == null ? null : candidates.wordsView();
        long[] mask = defaultMask.words();
        Cut cut = Cut.find(scores, words, k, chunks);
        int[] members = new int[cut.members()];
        int[] memberKeys = new int[members.length];
        chunks.run(c -> clearBelow(scores, words, chunks.start(c), chunks.end(c), cut.bucket, mask,
                members, memberKeys, cut.memberOffset[c]));
        keepSmallest(members, memberKeys, k - cut.below);
        clearSelected(members, mask);
        return BitMask.ofWords(scores.length, mask);
    }

    /** Clears the bits of the listed members still selected (those not written back as {@code ~index}). */
    private static void clearSelected(int[] members, long[] mask) {
        for (int member : members) {
            if (member >= 0) {
                mask[member >>> 6] &= ~(1L << member);
            }
        }
    }

    /**
     * Clears in {@code mask} every candidate whose key lies below the cut bucket, 64 at a time, and lists the
     * candidates inside it. Branch-free except for the rare bucket member.
     */
    private static void clearBelow(float[] scores, long[] words, int start, int end, int cutBucket, long[] mask,
                                   int[] members, int[] memberKeys, int memberAt) {
        int low = cutBucket << HIGH_SHIFT;
        int q = memberAt;
        int fullWords = end >>> 6;
        for (int w = start >>> 6, lastWord = (end + 63) >>> 6; w < lastWord; w++) {
            long eligible = words == null ? -1L : words[w];
            if (eligible == 0) {
                continue;
            }
            int base = w << 6;
            int length = w < fullWords ? 64 : end - base;
            long pruned = 0;
            if (length == 64) {
                for (int j = 0; j < 64; j++) {
                    int x = key(scores[base + j]) - low;
                    pruned |= (long) (x >>> 31) << j;
                    if (x >>> HIGH_SHIFT == 0 && (eligible >>> j & 1L) != 0) {
                        memberKeys[q] = x + low;
                        members[q++] = base + j;
                    }
                }
            } else {
                for (int j = 0; j < length; j++) {
                    int x = key(scores[base + j]) - low;
                    pruned |= (long) (x >>> 31) << j;
                    if (x >>> HIGH_SHIFT == 0 && (eligible >>> j & 1L) != 0) {
                        memberKeys[q] = x + low;
                        members[q++] = base + j;
                    }
                }
            }
            mask[w] &= ~(pruned & eligible);
        }
    }

    private static int[] histogram(float[] scores, long[] words, int start, int end) {
        int[] histogram = new int[HIGH_BUCKETS];
        if (words == null) {
            for (int i = start; i < end; i++) {
                histogram[key(scores[i]) >>> HIGH_SHIFT]++;
            }
            return histogram;
        }
        for (int w = start >>> 6, lastWord = (end + 63) >>> 6; w < lastWord; w++) {
            long bits = words[w];
            int base = w << 6;
            if (bits == -1L) {
                for (int i = base; i < base + 64; i++) {
                    histogram[key(scores[i]) >>> HIGH_SHIFT]++;
                }
            } else {
                while (bits != 0) {
                    histogram[key(scores[base + Long.numberOfTrailingZeros(bits)]) >>> HIGH_SHIFT]++;
                    bits &= bits - 1;
                }
            }
        }
        return histogram;
    }

    /**
     * Writes each candidate's index below the cut to {@code belowIndices} and each in the cut bucket to
     * {@code members}. The common case is branch-free (the index is always written, the position moves only
     * if it belongs), because which side of the cut a weight falls on is a coin toss the CPU cannot predict;
     * that is why each chunk's region has one spare slot at its end.
     */
    private static void scatter(float[] scores, long[] words, int start, int end, int cutBucket,
                                int[] belowIndices, int belowAt, int[] members, int[] memberKeys, int memberAt) {
        int p = belowAt;
        int q = memberAt;
        if (words == null) {
            for (int i = start; i < end; i++) {
                int key = key(scores[i]);
                int b = key >>> HIGH_SHIFT;
                belowIndices[p] = i;
                p += b < cutBucket ? 1 : 0;
                if (b == cutBucket) {
                    memberKeys[q] = key;
                    members[q++] = i;
                }
            }
            return;
        }
        for (int w = start >>> 6, lastWord = (end + 63) >>> 6; w < lastWord; w++) {
            long bits = words[w];
            int base = w << 6;
            while (bits != 0) {
                int i = base + Long.numberOfTrailingZeros(bits);
                bits &= bits - 1;
                int key = key(scores[i]);
                int b = key >>> HIGH_SHIFT;
                belowIndices[p] = i;
                p += b < cutBucket ? 1 : 0;
                if (b == cutBucket) {
                    memberKeys[q] = key;
                    members[q++] = i;
                }
            }
        }
    }

    /**
     * Settles a cut among listed entries (ascending indices, with their keys): exactly {@code need} stay
     * selected, the smallest keys first and, among keys equal to the cut, the lowest indices first. The
     * others are written back as {@code ~index}. A radix select in three rounds (12, 10, 9 bits), each
     * counting only the entries that match the bits settled so far.
     */
    private static void keepSmallest(int[] members, int[] keys, int need) {
        if (need == members.length) {
            return;
        }
        int[][] rounds = {{HIGH_SHIFT, HIGH_BUCKETS}, {MID_SHIFT, MID_BUCKETS}, {0, LOW_BUCKETS}};
        int prefix = 0;
        int settled = 0;
        int stillNeeded = need;
        for (int[] round : rounds) {
            int shift = round[0];
            int buckets = round[1];
            int[] histogram = new int[buckets];
            for (int key : keys) {
                if ((key & settled) == prefix) {
                    histogram[(key >>> shift) & (buckets - 1)]++;
                }
            }
            int bucket = 0;
            while (histogram[bucket] < stillNeeded) {
                stillNeeded -= histogram[bucket];
                bucket++;
            }
            prefix |= bucket << shift;
            settled |= (buckets - 1) << shift;
        }
        int cut = prefix;
        int tiesToTake = stillNeeded;
        for (int j = 0; j < members.length; j++) {
            int key = keys[j];
            boolean selected = key < cut || (key == cut && tiesToTake-- > 0);
            if (!selected) {
                members[j] = ~members[j];
            }
        }
    }

    private static void merge(int[] belowIndices, int p, int belowEnd, int[] members, int q, int memberEnd,
                              int[] out, int o) {
        for (; q < memberEnd; q++) {
            int member = members[q];
            if (member < 0) {
                continue;
            }
            while (p < belowEnd && belowIndices[p] < member) {
                out[o++] = belowIndices[p++];
            }
            out[o++] = member;
        }
        System.arraycopy(belowIndices, p, out, o, belowEnd - p);
    }
}
