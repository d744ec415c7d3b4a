package io.jprune.devicecheck;

import io.jprune.kernels.Backends;
import io.jprune.kernels.BitMask;
import io.jprune.kernels.Kernels;
import io.jprune.runtime.prune.Amount;
import io.jprune.runtime.prune.GlobalUnstructured;
import io.jprune.runtime.prune.L1Unstructured;
import io.jprune.runtime.prune.LnStructured;
import io.jprune.runtime.prune.NormOrder;
import io.jprune.runtime.prune.PrunedParameter;
import io.jprune.runtime.prune.PruningMethod;
import io.jprune.runtime.tensor.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Issue 16 on the GPU: where only the documented tie rules may decide (identical channels, ties of
 * magnitude), jprune's engine must prune exactly the entries the rules name, on the GPU as on the CPU.
 * torch.nn.utils.prune cannot be the reference here, since it leaves ties unspecified. Prints one line
 * per case and a summary; exits 1 on any difference, 2 without a GPU backend.
 */
public final class SameMasks {
    private SameMasks() {
    }

    public static void main(String[] args) {
        Kernels gpu;
        try {
            gpu = Backends.select("gpu").kernels();
        } catch (IllegalStateException e) {
            System.out.println("same masks: no GPU backend: " + e.getMessage());
            System.exit(2);
            return;
        }
        int rows = 1000;
        int cols = 1001;
        float[] identicalRows = new float[rows * cols];
        SplittableRandom random = new SplittableRandom(16);
        for (int i = 0; i < cols; i++) {
            float x = random.nextInt(10) == 0 ? 0f : (float) random.nextGaussian();
            for (int r = 0; r < rows; r++) {
                identicalRows[r * cols + i] = x;
            }
        }
        int cases = 0;
        int failures = 0;
        for (String n : new String[] {"1", "2", "inf", "-inf", "0", "fro", "3"}) {
            PruningMethod method = new LnStructured(Amount.count(500), NormOrder.parse(n), 0);
            cases++;
            failures += check("ln_structured n=" + n + ", 1000 identical rows of 1001, prune 500", firstHalf(rows, cols),
                    identicalRows, new int[] {rows, cols}, method, gpu);
        }
        float[] tied = new float[3_000_000];
        float[] pool = {0f, -0f, 0.5f, -0.5f, 1f, 0.25f, Float.MIN_VALUE, 2f};
        for (int i = 0; i < tied.length; i++) {
            tied[i] = pool[random.nextInt(pool.length)];
        }
        cases++;
        failures += check("l1_unstructured, 3M entries of 8 magnitudes, prune 1M", lowestFirst(tied, 1_000_000),
                tied, new int[] {3000, 1000}, new L1Unstructured(Amount.count(1_000_000)), gpu);
        cases++;
        failures += checkGlobal(tied, lowestFirst(tied, 1_200_000), gpu);
        System.out.println("same masks: " + cases + " cases on " + gpu.description() + ", " + failures + " differ");
        System.exit(failures == 0 ? 0 : 1);
    }

    private static int check(String what, BitMask expected, float[] t, int[] shape, PruningMethod method, Kernels gpu) {
        BitMask onGpu = PrunedParameter.prune(t, Shape.of(shape), method, null, gpu).mask();
        BitMask onCpu = PrunedParameter.prune(t, Shape.of(shape), method, null, Backends.cpu()).mask();
        gpu.release(t);
        boolean same = expected.equals(onGpu) && expected.equals(onCpu);
        System.out.println((same ? "ok       " : "DIFFERENT ") + what + (same ? "" : ": gpu as documented "
                + expected.equals(onGpu) + ", cpu as documented " + expected.equals(onCpu)));
        return same ? 0 : 1;
    }

    /** global_unstructured over the tied tensor cut in three parameters, against the rule on the joined tensor. */
    private static int checkGlobal(float[] joined, BitMask expected, Kernels gpu) {
        int[] cuts = {0, 1_000_000, 1_000_070, joined.length};
        List<float[]> scores = new ArrayList<>();
        List<BitMask> masks = new ArrayList<>();
        for (int p = 0; p < 3; p++) {
            scores.add(Arrays.copyOfRange(joined, cuts[p], cuts[p + 1]));
            masks.add(BitMask.ones(cuts[p + 1] - cuts[p]));
        }
        List<BitMask> actual = GlobalUnstructured.computeMasks(scores, masks, new L1Unstructured(Amount.count(1_200_000)), gpu);
        boolean same = true;
        for (int p = 0; p < 3 && same; p++) {
            for (int i = 0; i < cuts[p + 1] - cuts[p]; i++) {
                if (actual.get(p).get(i) != expected.get(cuts[p] + i)) {
                    same = false;
                    break;
                }
            }
        }
        System.out.println((same ? "ok       " : "DIFFERENT ") + "global_unstructured, 3 parameters of the tied tensor, prune 1.2M");
        return same ? 0 : 1;
    }

    private static BitMask firstHalf(int rows, int cols) {
        BitMask mask = BitMask.zeros(rows * cols);
        for (int i = 0; i < rows / 2 * cols; i++) {
            mask.set(i);
        }
        return mask;
    }

    /** The documented rule: the k smallest magnitudes (-0.0 equal to 0.0), lower flat index first among equals. */
    private static BitMask lowestFirst(float[] t, int k) {
        float[] magnitudes = new float[t.length];
        for (int i = 0; i < t.length; i++) {
            magnitudes[i] = Math.abs(t[i]);
        }
        float[] sorted = magnitudes.clone();
        Arrays.sort(sorted);
        float cutoff = sorted[k - 1];
        int below = 0;
        for (float m : magnitudes) {
            if (m < cutoff) {
                below++;
            }
        }
        int equalToTake = k - below;
        BitMask mask = BitMask.ones(t.length);
        for (int i = 0; i < t.length; i++) {
            if (magnitudes[i] < cutoff) {
                mask.clear(i);
            } else if (magnitudes[i] == cutoff && equalToTake > 0) {
                mask.clear(i);
                equalToTake--;
            }
        }
        return mask;
    }
}
