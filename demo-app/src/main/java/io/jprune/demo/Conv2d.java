package io.jprune.demo;

/**
 * A 2-D convolution layer (no padding, square kernel), like {@code torch.nn.Conv2d}.
 *
 * <p>The weight is stored flat in PyTorch's layout {@code [out_channels, in_channels, kh, kw]},
 * row-major; the bias has one entry per output channel. {@link #forward} reads the fields on
 * every call.
 */
public class Conv2d {

    private final int inChannels;
    private final int outChannels;
    private final int kernelSize;
    private final int stride;
    private final float[] weight;
    private final float[] bias;

    public Conv2d(int inChannels, int outChannels, int kernelSize, int stride, float[] weight, float[] bias) {
        if (inChannels <= 0 || outChannels <= 0 || kernelSize <= 0 || stride <= 0) {
            throw new IllegalArgumentException("bad Conv2d dimensions: in=" + inChannels + ", out=" + outChannels
                    + ", kernel=" + kernelSize + ", stride=" + stride);
        }
        if (weight.length != outChannels * inChannels * kernelSize * kernelSize) {
            throw new IllegalArgumentException("Conv2d weight has " + weight.length + " values, expected "
                    + outChannels * inChannels * kernelSize * kernelSize);
        }
        if (bias.length != outChannels) {
            throw new IllegalArgumentException("Conv2d bias has " + bias.length + " values, expected " + outChannels);
        }
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.kernelSize = kernelSize;
        this.stride = stride;
        this.weight = weight;
        this.bias = bias;
    }

    /** A zero-initialised layer. */
    public Conv2d(int inChannels, int outChannels, int kernelSize, int stride) {
        this(inChannels, outChannels, kernelSize, stride,
                new float[outChannels * inChannels * kernelSize * kernelSize], new float[outChannels]);
    }

    /**
     * Convolves a {@code [inChannels, height, width]} input (flat, row-major).
     *
     * @return the {@code [outChannels, oh, ow]} output, flat, with {@code oh = (height - kernelSize) / stride + 1}
     */
    public float[] forward(float[] input, int height, int width) {
        int oh = (height - this.kernelSize) / this.stride + 1;
        int ow = (width - this.kernelSize) / this.stride + 1;
        if (input.length != this.inChannels * height * width) {
            throw new IllegalArgumentException("Conv2d input has " + input.length + " values, expected "
                    + this.inChannels + "x" + height + "x" + width);
        }
        float[] output = new float[this.outChannels * oh * ow];
        for (int oc = 0; oc < this.outChannels; oc++) {
            for (int oy = 0; oy < oh; oy++) {
                for (int ox = 0; ox < ow; ox++) {
                    float sum = this.bias[oc];
                    for (int ic = 0; ic < this.inChannels; ic++) {
                        int wBase = (oc * this.inChannels + ic) * this.kernelSize * this.kernelSize;
                        int iBase = ic * height * width;
                        for (int ky = 0; ky < this.kernelSize; ky++) {
                            int row = iBase + (oy * this.stride + ky) * width + ox * this.stride;
                            int wRow = wBase + ky * this.kernelSize;
                            for (int kx = 0; kx < this.kernelSize; kx++) {
                                sum += input[row + kx] * this.weight[wRow + kx];
                            }
                        }
                    }
                    output[(oc * oh + oy) * ow + ox] = sum;
                }
            }
        }
        return output;
    }

    /** Output height (or width) for an input height (or width). */
    public int outputSize(int inputSize) {
        return (inputSize - this.kernelSize) / this.stride + 1;
    }

    public int getInChannels() {
        return inChannels;
    }

    public int getOutChannels() {
        return outChannels;
    }

    public int getKernelSize() {
        return kernelSize;
    }

    public int getStride() {
        return stride;
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
        return "Conv2d(" + inChannels + ", " + outChannels + ", kernel_size=(" + kernelSize + ", " + kernelSize
                + "), stride=(" + stride + ", " + stride + "))";
    }
}
