package io.jprune.testmodels;

/** A linear layer with PyTorch's attribute names in snake_case. */
public class Dense {
    final int in_features;
    final int out_features;
    final float[] weight;
    final float[] bias;

    public Dense(int inFeatures, int outFeatures) {
        this.in_features = inFeatures;
        this.out_features = outFeatures;
        this.weight = new float[outFeatures * inFeatures];
        this.bias = new float[outFeatures];
        for (int i = 0; i < weight.length; i++) {
            weight[i] = i + 1;
        }
    }

    public float[] forward(float[] x) {
        return x;
    }

    @Override
    public String toString() {
        return "Linear(in_features=" + in_features + ", out_features=" + out_features + ", bias=True)";
    }
}
