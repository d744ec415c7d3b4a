package io.jprune.kernels.cpu;

/**
 * {@code out = orig * mask}, 64 weights (one mask word) at a time, at close to copying speed: each block is
 * first written whole, as a copy of {@code orig} if the word keeps most of its weights or as
 * {@code orig * 0f} if it prunes most, and then only the minority bits are walked and fixed. Both whole-block
 * loops are plain array loops the JIT vectorises; the walk costs one step per minority bit, not per weight.
 *
 * <p>A kept weight is {@code orig * 1f}, i.e. its value; a pruned one is {@code orig * 0f}, which is IEEE's
 * answer and PyTorch's: -0.0 for a negative weight, NaN for NaN or an infinity.
 */
final class MaskedProduct {

    private MaskedProduct() {
    }

    static void multiply(float[] orig, long[] words, float[] out, int start, int end) {
        for (int w = start >>> 6, lastWord = (end + 63) >>> 6; w < lastWord; w++) {
            int base = w << 6;
            int length = Math.min(64, end - base);
            long valid = length == 64 ? -1L : (1L << length) - 1;
            long kept = words[w] & valid;
            if (Long.bitCount(kept) >= length / 2) {
                System.arraycopy(orig, base, out, base, length);
                for (long pruned = ~kept & valid; pruned != 0; pruned &= pruned - 1) {
                    int i = base + Long.numberOfTrailingZeros(pruned);
                    out[i] = orig[i] * 0f;
                }
            } else {
                for (int i = base, stop = base + length; i < stop; i++) {
                    out[i] = orig[i] * 0f;
                }
                for (long bits = kept; bits != 0; bits &= bits - 1) {
                    int i = base + Long.numberOfTrailingZeros(bits);
                    out[i] = orig[i];
                }
            }
        }
    }
}
