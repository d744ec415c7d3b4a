package io.jprune.testmodels.hooked;

/** Loaded, initialised and used before the agent is installed: its forward is hooked by retransformation. */
public final class Preloaded {
    private final float[] weight = {-1, 2, -3, 4};

    public float sumOfWeights() {
        float sum = 0;
        for (float w : weight) {
            sum += w;
        }
        return sum;
    }

    public float forward(float x) {
        return x * sumOfWeights();
    }
}
