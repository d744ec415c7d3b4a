package io.jprune.testmodels.hooked;

/** {@code y = W x + b}, reading its private final fields on every forward as an app's layer does. */
public class HookedLinear {
    private final int inFeatures;
    private final int outFeatures;
    private final float[] weight;
    private final float[] bias;

    public HookedLinear(int inFeatures, int outFeatures, float... weight) {
        this.inFeatures = inFeatures;
        this.outFeatures = outFeatures;
        this.weight = weight;
        this.bias = new float[outFeatures];
    }

    public float[] forward(float[] x) {
        float[] y = new float[outFeatures];
        for (int o = 0; o < outFeatures; o++) {
            float sum = bias[o];
            for (int i = 0; i < inFeatures; i++) {
                sum += weight[o * inFeatures + i] * x[i];
            }
            y[o] = sum;
        }
        return y;
    }
}
