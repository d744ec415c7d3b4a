package io.jprune.testmodels.hooked;

/**
 * {@code y = W x + b} with PyTorch's attribute names, reading its private final fields on every forward as an
 * app's layer does: the int sizes bound its loops, so compaction must shrink them with the arrays.
 */
public class BiasedLinear {
    private final int inFeatures;
    private final int outFeatures;
    private final float[] weight;
    private final float[] bias;

    public BiasedLinear(int inFeatures, int outFeatures, float[] weight, float[] bias) {
        this.inFeatures = inFeatures;
        this.outFeatures = outFeatures;
        this.weight = weight;
        this.bias = bias;
    }

    public float[] forward(float[] x) {
        if (x.length != inFeatures) {
            throw new IllegalArgumentException("expected " + inFeatures + " features, got " + x.length);
        }
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

    public int inFeatures() {
        return inFeatures;
    }

    public int outFeatures() {
        return outFeatures;
    }

    public float[] weight() {
        return weight;
    }

    public float[] bias() {
        return bias;
    }

    @Override
    public String toString() {
        return "Linear(in_features=" + inFeatures + ", out_features=" + outFeatures + ", bias=True)";
    }
}
