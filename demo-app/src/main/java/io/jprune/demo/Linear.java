package io.jprune.demo;

/**
 * A fully connected layer {@code y = x W^T + b}, like {@code torch.nn.Linear}.
 *
 * <p>The weight is stored flat as {@code [out_features, in_features]}, row-major. {@link #forward}
 * reads the fields on every call.
 */
public class Linear {

    private final int inFeatures;
    private final int outFeatures;
    private final float[] weight;
    private final float[] bias;

    public Linear(int inFeatures, int outFeatures, float[] weight, float[] bias) {
        if (inFeatures <= 0 || outFeatures <= 0) {
            throw new IllegalArgumentException("bad Linear dimensions: in=" + inFeatures + ", out=" + outFeatures);
        }
        if (weight.length != outFeatures * inFeatures) {
            throw new IllegalArgumentException("Linear weight has " + weight.length + " values, expected "
                    + outFeatures * inFeatures);
        }
        if (bias.length != outFeatures) {
            throw new IllegalArgumentException("Linear bias has " + bias.length + " values, expected " + outFeatures);
        }
        this.inFeatures = inFeatures;
        this.outFeatures = outFeatures;
        this.weight = weight;
        this.bias = bias;
    }

    /** A zero-initialised layer. */
    public Linear(int inFeatures, int outFeatures) {
        this(inFeatures, outFeatures, new float[outFeatures * inFeatures], new float[outFeatures]);
    }

    /** Maps an {@code inFeatures} vector to an {@code outFeatures} vector. */
    public float[] forward(float[] input) {
        if (input.length != this.inFeatures) {
            throw new IllegalArgumentException("Linear input has " + input.length + " values, expected "
                    + this.inFeatures);
        }
        float[] output = new float[this.outFeatures];
        for (int o = 0; o < this.outFeatures; o++) {
            float sum = this.bias[o];
            int row = o * this.inFeatures;
            for (int i = 0; i < this.inFeatures; i++) {
                sum += input[i] * this.weight[row + i];
            }
            output[o] = sum;
        }
        return output;
    }

    public int getInFeatures() {
        return inFeatures;
    }

    public int getOutFeatures() {
        return outFeatures;
    }

    /** The live weight array (not a copy). */
    public float[] getWeight() {
        return weight;
    }

    /** The live bias array (not a copy). */
    public float[] getBias() {
        return bias;
    }

    public int parameterCount() {
        return weight.length + bias.length;
    }

    @Override
    public String toString() {
        return "Linear(in_features=" + inFeatures + ", out_features=" + outFeatures + ", bias=True)";
    }
}
