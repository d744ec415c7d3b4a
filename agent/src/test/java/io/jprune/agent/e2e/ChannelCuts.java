package io.jprune.agent.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/** What {@code ln_structured(n=2, dim=0)} must cut, computed independently of jprune, and the check that it did. */
public final class ChannelCuts {
    private ChannelCuts() {
    }

    /** The {@code count} output channels of {@code weight} with the smallest L2 norms, in ascending index order. */
    public static int[] weakestByL2(float[] weight, int channels, int count) {
        int size = weight.length / channels;
        double[] norms = new double[channels];
        for (int c = 0; c < channels; c++) {
            double sum = 0;
            for (int j = 0; j < size; j++) {
                sum += (double) weight[c * size + j] * weight[c * size + j];
            }
            norms[c] = Math.sqrt(sum);
        }
        return IntStream.range(0, channels).boxed().sorted(Comparator.comparingDouble(c -> norms[c])).limit(count)
                .mapToInt(Integer::intValue).sorted().toArray();
    }

    /**
     * {@code pruned} is {@code original} with exactly the channels {@code cut} multiplied by zero (a pruned negative
     * weight is -0.0, as in PyTorch) and every other value untouched.
     */
    public static void assertOnlyCut(float[] original, float[] pruned, int channels, int[] cut) {
        int size = original.length / channels;
        for (int c = 0; c < channels; c++) {
            boolean isCut = Arrays.binarySearch(cut, c) >= 0;
            for (int j = 0; j < size; j++) {
                int i = c * size + j;
                assertEquals(Float.floatToRawIntBits(isCut ? original[i] * 0f : original[i]),
                        Float.floatToRawIntBits(pruned[i]), "channel " + c + (isCut ? " is cut" : " is kept"));
            }
        }
    }
}
