package io.jprune.testmodels.hooked;

/**
 * A linear layer with a {@code float[out][in]} weight and no int sizes. jprune finds no field holding its
 * sizes, so it must report the layer and leave it masked rather than guess which of the app's loops to shrink.
 */
public class SizelessLinear {
    private final float[][] weight;
    private final float[] bias;

    public SizelessLinear(float[][] weight, float[] bias) {
        this.weight = weight;
        this.bias = bias;
    }

    public float[] forward(float[] x) {
        float[] y = new float[weight.length];
        for (int o = 0; o < y.length; o++) {
            float sum = bias[o];
            for (int i = 0; i < x.length; i++) {
                sum += weight[o][i] * x[i];
            }
            y[o] = Math.max(0f, sum);
        }
        return y;
    }

    public float[][] weight() {
        return weight;
    }
}
