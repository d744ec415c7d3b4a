package io.jprune.testmodels.hooked;

/**
 * A linear layer that has PyTorch's int sizes but loops to a width written into its code: compaction that
 * shrinks its input would make it read past its weights. jprune must notice on the replayed inputs and put
 * the masked model back.
 */
public class CarelessLinear {
    private static final int WIDTH = 6;

    private final int inFeatures;
    private final int outFeatures;
    private final float[] weight;
    private final float[] bias;

    public CarelessLinear(int outFeatures, float[] weight, float[] bias) {
        this.inFeatures = WIDTH;
        this.outFeatures = outFeatures;
        this.weight = weight;
        this.bias = bias;
    }

    public float[] forward(float[] x) {
        float[] y = new float[outFeatures];
        for (int o = 0; o < outFeatures; o++) {
            float sum = bias[o];
            for (int i = 0; i < WIDTH; i++) {
                sum += weight[o * inFeatures + i] * x[i];
            }
            y[o] = sum;
        }
        return y;
    }

    public int inFeatures() {
        return inFeatures;
    }
}
