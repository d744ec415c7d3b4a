package io.jprune.testmodels.hooked;

import java.util.Random;

/**
 * Two branches added element-wise, a residual-style sum: {@code fc(relu(fa(x) + fb(x)))}. Channel c of
 * {@code fa} and channel c of {@code fb} meet in the sum, so they can only be removed together.
 */
public class ResidualNet {
    private final BiasedLinear fa;
    private final BiasedLinear fb;
    private final BiasedLinear fc;

    public ResidualNet(long seed) {
        Random random = new Random(seed);
        fa = new BiasedLinear(8, 6, gaussian(random, 48), uniform(random, 6));
        fb = new BiasedLinear(8, 6, gaussian(random, 48), uniform(random, 6));
        fc = new BiasedLinear(6, 4, gaussian(random, 24), uniform(random, 4));
    }

    public float[] forward(float[] x) {
        float[] a = fa.forward(x);
        float[] b = fb.forward(x);
        float[] sum = new float[a.length];
        for (int i = 0; i < sum.length; i++) {
            sum[i] = Math.max(0f, a[i] + b[i]);
        }
        return fc.forward(sum);
    }

    public BiasedLinear fa() {
        return fa;
    }

    public BiasedLinear fb() {
        return fb;
    }

    public BiasedLinear fc() {
        return fc;
    }

    /** {@code count} inputs of the model, different from each other. */
    public static float[][] inputs(long seed, int count) {
        Random random = new Random(seed);
        float[][] inputs = new float[count][];
        for (int i = 0; i < count; i++) {
            inputs[i] = gaussian(random, 8);
        }
        return inputs;
    }

    private static float[] gaussian(Random random, int n) {
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = (float) (random.nextGaussian() * 0.5);
        }
        return values;
    }

    /** Positive biases, so that a removed channel delivers a constant that must be folded. */
    private static float[] uniform(Random random, int n) {
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = 0.2f + 0.8f * random.nextFloat();
        }
        return values;
    }
}
