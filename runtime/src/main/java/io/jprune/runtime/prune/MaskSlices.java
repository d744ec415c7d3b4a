package io.jprune.runtime.prune;

import io.jprune.kernels.BitMask;
import java.util.ArrayList;
import java.util.List;

/**
 * Joins the masks of several parameters into one, and cuts it back, for {@code global_unstructured}: the
 * same concatenation in list order that PyTorch's {@code parameters_to_vector} does, on bits, moving up to
 * 64 at a time.
 */
final class MaskSlices {
    private MaskSlices() {
    }

    static BitMask concat(List<BitMask> masks, int total) {
        long[] words = new long[(total + 63) >>> 6];
        int at = 0;
        for (BitMask mask : masks) {
            copyBits(mask.wordsView(), 0, words, at, mask.size());
            at += mask.size();
        }
        return BitMask.ofWords(total, words);
    }

    static List<BitMask> split(BitMask whole, int[] sizes) {
        long[] source = whole.wordsView();
        List<BitMask> parts = new ArrayList<>(sizes.length);
        int at = 0;
        for (int size : sizes) {
            long[] words = new long[(size + 63) >>> 6];
            copyBits(source, at, words, 0, size);
            parts.add(BitMask.ofWords(size, words));
            at += size;
        }
        return parts;
    }

    /** ORs {@code length} bits from {@code source} at {@code from} into {@code target} at {@code to}. */
    private static void copyBits(long[] source, int from, long[] target, int to, int length) {
        int done = 0;
        while (done < length) {
            int s = from + done;
            int t = to + done;
            int step = Math.min(Math.min(64 - (s & 63), 64 - (t & 63)), length - done);
            long bits = source[s >>> 6] >>> (s & 63);
            if (step < 64) {
                bits &= (1L << step) - 1;
            }
            target[t >>> 6] |= bits << (t & 63);
            done += step;
        }
    }
}
