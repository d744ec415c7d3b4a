package io.jprune.testmodels.hooked;

/** A module whose forward returns nothing: it scales its argument in place, element by element. */
public class InPlaceScaler {
    private final float[] weight = {2, 3};

    public void forward(float[] x) {
        for (int i = 0; i < x.length; i++) {
            x[i] *= weight[i];
        }
    }
}
