package io.jprune.testmodels.hooked;

/** An app module whose forward throws: the app's exception must reach the app unchanged. */
public class Failing {
    private final float[] weight = {1, 2, 3};

    public float[] forward(float[] x) {
        throw new IllegalStateException("the app's own bug");
    }

    public float[] weight() {
        return weight;
    }
}
