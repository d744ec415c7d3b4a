package io.jprune.runtime.structure;

/** The demo's {@code Linear} loops; the bias may be missing. */
final class ToyLinear extends ToyLayer {

    ToyLinear(String name, int inFeatures, int outFeatures, float[] weight, float[] bias) {
        super(name, inFeatures, outFeatures, weight, bias);
    }

    @Override
    int kernelSize() {
        return 1;
    }

    float[] forward(float[] input) {
        if (input.length != inChannels) {
            throw new IllegalArgumentException(name + " input has " + input.length + " values, expected " + inChannels);
        }
        float[] output = new float[outChannels];
        for (int o = 0; o < outChannels; o++) {
            float sum = bias == null ? 0f : bias[o];
            int row = o * inChannels;
            for (int i = 0; i < inChannels; i++) {
                sum += input[i] * weight[row + i];
            }
            output[o] = sum;
        }
        return output;
    }
}
