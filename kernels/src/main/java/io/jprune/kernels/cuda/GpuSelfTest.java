package io.jprune.kernels.cuda;

import io.jprune.kernels.BitMask;
import io.jprune.kernels.Kernels;
import java.util.Arrays;

/**
 * One tiny call of every kernel with answers known by hand, run before the GPU is handed out: a driver
 * that loads the PTX but computes wrongly (or a broken build of it) then costs a reason in the log
 * instead of wrong masks.
 */
final class GpuSelfTest {
    private GpuSelfTest() {
    }

    /** What went wrong, or null when every kernel answered as expected. */
    static String failure(Kernels kernels) {
        float[] orig = {-1.5f, 2f, Float.NaN, 4f, -0f, 3f};
        BitMask mask = BitMask.zeros(orig.length);
        mask.set(1);
        mask.set(3);
        mask.set(5);
        float[] out = new float[orig.length];
        kernels.maskedMultiply(orig, mask, out);
        kernels.release(orig);
        if (!sameBits(out, new float[] {-0f, 2f, Float.NaN, 4f, -0f, 3f})) {
            return "maskedMultiply gave " + Arrays.toString(out);
        }

        int[] smallest = kernels.smallestMagnitudes(new float[] {3, -1, 1, Float.NaN, 0, -0f, 2}, null, 3);
        if (!Arrays.equals(smallest, new int[] {1, 4, 5})) {
            return "smallestMagnitudes gave " + Arrays.toString(smallest);
        }
        BitMask candidates = BitMask.ones(7);
        candidates.clear(4);
        smallest = kernels.smallestMagnitudes(new float[] {3, -1, 1, Float.NaN, 0, -0f, 2}, candidates, 4);
        if (!Arrays.equals(smallest, new int[] {1, 2, 5, 6})) {
            return "smallestMagnitudes with candidates gave " + Arrays.toString(smallest);
        }

        BitMask pruned = kernels.pruneSmallestMagnitudes(new float[] {3, -1, 1, Float.NaN, 0, -0f, 2}, candidates, 4,
                BitMask.ones(7));
        if (!Arrays.equals(pruned.words(), new long[] {0b0011001})) {
            return "pruneSmallestMagnitudes gave " + Arrays.toString(pruned.words());
        }

        double[] norms = kernels.sliceNorms(new float[] {1, -2, 3, -4, 5, -6}, new int[] {2, 3}, 0, 1);
        if (!Arrays.equals(norms, new double[] {6, 15})) {
            return "sliceNorms gave " + Arrays.toString(norms);
        }

        BitMask expanded = kernels.expandChannels(new int[] {2, 3}, 1, new boolean[] {true, false, true});
        if (!Arrays.equals(expanded.words(), new long[] {0b101101})) {
            return "expandChannels gave " + Arrays.toString(expanded.words());
        }
        boolean[] alive = kernels.channelsAlive(expanded, new int[] {2, 3}, 1);
        if (!Arrays.equals(alive, new boolean[] {true, false, true})) {
            return "channelsAlive gave " + Arrays.toString(alive);
        }

        long zeros = kernels.countZeros(new float[] {0f, -0f, 1f});
        if (zeros != 2) {
            return "countZeros gave " + zeros;
        }
        return null;
    }

    /** Equal bit patterns, except that any NaN matches any NaN (the GPU's canonical NaN differs from the CPU's). */
    static boolean sameBits(float[] actual, float[] expected) {
        if (actual.length != expected.length) {
            return false;
        }
        for (int i = 0; i < actual.length; i++) {
            boolean bothNaN = Float.isNaN(actual[i]) && Float.isNaN(expected[i]);
            if (!bothNaN && Float.floatToRawIntBits(actual[i]) != Float.floatToRawIntBits(expected[i])) {
                return false;
            }
        }
        return true;
    }
}
