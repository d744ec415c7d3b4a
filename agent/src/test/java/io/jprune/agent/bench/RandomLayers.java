package io.jprune.agent.bench;

import io.jprune.demo.Conv2d;
import io.jprune.demo.LeNet;
import io.jprune.demo.Linear;
import java.util.SplittableRandom;

/**
 * The demo's own layer classes at sizes the demo does not have, filled with seeded uniform values in
 * {@code [-1/sqrt(fan_in), 1/sqrt(fan_in))} as PyTorch initialises them. Built by the benchmarks themselves
 * (jprune never hooks its own packages, so a model class under {@code io.jprune.agent} would be invisible to it).
 */
final class RandomLayers {
    /** Widths of the wide LeNet's linear layers: 400 (16 channels of 5x5) in, then these. */
    static final int[] WIDE_FC = {4096, 8192, 2048};
    /** Its parameters, weights and biases, as {@code LeNet.parameterCount()} counts them. */
    static final long WIDE_PARAMETERS = (54 + 6) + (864 + 16) + (400L * WIDE_FC[0] + WIDE_FC[0])
            + ((long) WIDE_FC[0] * WIDE_FC[1] + WIDE_FC[1]) + ((long) WIDE_FC[1] * WIDE_FC[2] + WIDE_FC[2]);

    private RandomLayers() {
    }

    /**
     * LeNet's structure (two convolutions, three linear layers, six hooked forwards per inference) with wide
     * linear layers: 400 -> 4096 -> 8192 -> 2048, about 52 million parameters. Same number of hooks as the
     * demo's LeNet, a thousand times the weights: what changes between the two is only the model's size.
     */
    static LeNet wideLeNet(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        return new LeNet(conv(1, 6, 3, random), conv(6, 16, 3, random),
                linear(400, WIDE_FC[0], random), linear(WIDE_FC[0], WIDE_FC[1], random),
                linear(WIDE_FC[1], WIDE_FC[2], random));
    }

    /** A {@code [out, in]} linear layer. */
    static Linear linear(int in, int out, SplittableRandom random) {
        return new Linear(in, out, uniform(out * in, in, random), uniform(out, in, random));
    }

    private static Conv2d conv(int in, int out, int kernel, SplittableRandom random) {
        int fanIn = in * kernel * kernel;
        return new Conv2d(in, out, kernel, 1, uniform(out * fanIn, fanIn, random), uniform(out, fanIn, random));
    }

    private static float[] uniform(int count, int fanIn, SplittableRandom random) {
        double bound = 1 / Math.sqrt(fanIn);
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            values[i] = (float) random.nextDouble(-bound, bound);
        }
        return values;
    }

    /** {@code count} inputs of {@code length} values in [-1, 1). */
    static float[][] inputs(int count, int length, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[][] inputs = new float[count][length];
        for (float[] input : inputs) {
            for (int i = 0; i < length; i++) {
                input[i] = (float) random.nextDouble(-1, 1);
            }
        }
        return inputs;
    }
}
