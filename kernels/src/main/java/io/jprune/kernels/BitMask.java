package io.jprune.kernels;

import java.util.Arrays;

/**
 * A pruning mask at one bit per element, row-major, so that a pruned parameter costs 1/32 of its
 * own size in mask instead of PyTorch's full float copy. A set bit means "kept" (mask value 1).
 * Mutable for the engine's inner loops; share only copies across threads.
 */
public final class BitMask {
    private final int size;
    private final long[] words;

    private BitMask(int size, long[] words) {
        this.size = size;
        this.words = words;
    }

    /** A mask that keeps everything, as {@code torch.ones_like(t)} does on a first prune. */
    public static BitMask ones(int size) {
        BitMask mask = new BitMask(size, new long[wordCount(size)]);
        Arrays.fill(mask.words, -1L);
        mask.clearTail();
        return mask;
    }

    /** A mask that prunes everything. */
    public static BitMask zeros(int size) {
        return new BitMask(size, new long[wordCount(size)]);
    }

    /** Wraps words laid out as {@link #words()} returns them (bit i of word i/64 is element i). */
    public static BitMask ofWords(int size, long[] words) {
        if (words.length != wordCount(size)) {
            throw new IllegalArgumentException(
                    "a mask of " + size + " elements needs " + wordCount(size) + " words, got " + words.length);
        }
        BitMask mask = new BitMask(size, words.clone());
        mask.clearTail();
        return mask;
    }

    /**
     * Reads a float mask as PyTorch shows it; every value must be exactly 0 or 1, since a 1-bit mask
     * cannot scale a weight the way a 0.5 in PyTorch's float mask would.
     */
    public static BitMask fromFloats(float[] values) {
        BitMask mask = zeros(values.length);
        for (int i = 0; i < values.length; i++) {
            float v = values[i];
            if (v == 1f) {
                mask.set(i);
            } else if (v != 0f) {
                throw new IllegalArgumentException(
                        "mask values must be 0 or 1, found " + v + " at flat index " + i);
            }
        }
        return mask;
    }

    static int wordCount(int size) {
        return (size + 63) >>> 6;
    }

    private void clearTail() {
        int rest = size & 63;
        if (rest != 0) {
            words[words.length - 1] &= (1L << rest) - 1;
        }
    }

    public int size() {
        return size;
    }

    public boolean get(int index) {
        return (words[index >>> 6] & (1L << index)) != 0;
    }

    public void set(int index) {
        words[index >>> 6] |= 1L << index;
    }

    public void clear(int index) {
        words[index >>> 6] &= ~(1L << index);
    }

    /** The number of kept elements. */
    public int cardinality() {
        int count = 0;
        for (long word : words) {
            count += Long.bitCount(word);
        }
        return count;
    }

    /** The number of pruned elements. */
    public int zeros() {
        return size - cardinality();
    }

    /** Keeps only what both masks keep (PyTorch's {@code mask * default_mask}). */
    public void and(BitMask other) {
        if (other.size != size) {
            throw new IllegalArgumentException("mask sizes differ: " + size + " and " + other.size);
        }
        for (int i = 0; i < words.length; i++) {
            words[i] &= other.words[i];
        }
    }

    public BitMask copy() {
        return new BitMask(size, words.clone());
    }

    /** A copy of the backing words, bit i of word i/64 being element i. */
    public long[] words() {
        return words.clone();
    }

    /** The words themselves, for kernels that must not copy; callers never write through them. */
    public long[] wordsView() {
        return words;
    }

    /** The float mask PyTorch would hold in {@code weight_mask}, made on demand. */
    public float[] toFloats() {
        float[] out = new float[size];
        for (int i = 0; i < size; i++) {
            out[i] = get(i) ? 1f : 0f;
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BitMask other && other.size == size && Arrays.equals(other.words, words);
    }

    @Override
    public int hashCode() {
        return 31 * size + Arrays.hashCode(words);
    }

    @Override
    public String toString() {
        return "BitMask[" + size + " elements, " + zeros() + " pruned]";
    }
}
