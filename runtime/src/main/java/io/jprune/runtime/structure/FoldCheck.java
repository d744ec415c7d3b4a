package io.jprune.runtime.structure;

/**
 * Checks, on the model's own forward, the algebra that folding a removed input channel into a bias relies
 * on: a constant {@code v} on input channel j adds {@code v * sum_k W[o, j, k]} to every position of output
 * channel o. That holds for a linear layer and for an unpadded convolution, but not for a padded one (border
 * positions see only part of the kernel), nor for a module that does something else with its input first.
 * The probe trace of a removed channel raises that input channel uniformly, so comparing the consumer's
 * output change with the prediction settles it.
 */
final class FoldCheck {
    /** Relative to the magnitudes summed, far above float rounding and far below any border effect. */
    private static final double TOLERANCE = 1e-4;

    private FoldCheck() {
    }

    /**
     * @param baseline  the unperturbed trace of the input the probe ran on
     * @param probed    the trace with one channel feeding {@code inputs} perturbed
     * @param position  the consumer's call in both traces
     * @param consumer  the layer whose bias would absorb the constants
     * @param inputs    the consumer input channels the probed channel feeds
     * @return {@code null} when the consumer behaves as the fold assumes, else why not
     */
    static String verify(ForwardTrace baseline, ForwardTrace probed, int position, Layer consumer, int[] inputs) {
        ModuleCall before = baseline.call(position);
        ModuleCall after = probed.call(position);
        String name = consumer.name();
        int in = consumer.inChannels();
        int out = consumer.outChannels();
        if (before.output() == null || before.outputLength() % out != 0
                || after.outputLength() != before.outputLength()) {
            return name + " returns " + before.outputLength() + " values, not " + out + " channels of equal size";
        }
        float[] x0 = before.input();
        float[] x1 = after.input();
        int plane = x0.length / in;
        boolean[] fed = new boolean[in];
        for (int j : inputs) {
            fed[j] = true;
        }
        double[] shift = new double[in];
        for (int j = 0; j < in; j++) {
            int start = j * plane;
            if (!fed[j]) {
                for (int i = start; i < start + plane; i++) {
                    if (ChangeOwners.changed(x0[i], x1[i])) {
                        return "the probe also changes input channel " + j + " of " + name;
                    }
                }
                continue;
            }
            shift[j] = (double) x1[start] - x0[start];
            for (int i = start; i < start + plane; i++) {
                double d = (double) x1[i] - x0[i];
                if (!(Math.abs(d - shift[j]) <= TOLERANCE * Math.abs(shift[j])) || shift[j] == 0) {
                    return "the probe does not raise input channel " + j + " of " + name + " uniformly";
                }
            }
        }
        float[] y0 = before.output();
        float[] y1 = after.output();
        float[] w = consumer.weight();
        int k = consumer.kernelSize();
        int positions = y0.length / out;
        for (int o = 0; o < out; o++) {
            double predicted = 0;
            double magnitude = 0;
            for (int j : inputs) {
                double sum = 0;
                double abs = 0;
                for (int i = (o * in + j) * k, end = i + k; i < end; i++) {
                    sum += w[i];
                    abs += Math.abs(w[i]);
                }
                predicted += shift[j] * sum;
                magnitude += Math.abs(shift[j]) * abs;
            }
            double largestOutput = 0;
            for (int p = o * positions; p < (o + 1) * positions; p++) {
                largestOutput = Math.max(largestOutput, Math.max(Math.abs(y0[p]), Math.abs(y1[p])));
            }
            magnitude += largestOutput;
            for (int p = o * positions; p < (o + 1) * positions; p++) {
                double observed = (double) y1[p] - y0[p];
                if (!(Math.abs(observed - predicted) <= TOLERANCE * magnitude)) {
                    return name + " does not add a constant input to its bias as an unpadded convolution or a "
                            + "linear layer does (output channel " + o + ", position " + (p - o * positions)
                            + ": changed by " + (float) observed + ", expected " + (float) predicted
                            + "); padding, or a layout other than [out, in, ...]";
                }
            }
        }
        return null;
    }
}
