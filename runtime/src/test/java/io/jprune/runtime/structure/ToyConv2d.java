package io.jprune.runtime.structure;

/** The demo's {@code Conv2d} loops (square kernel, stride 1), with optional zero padding for the refusal tests. */
final class ToyConv2d extends ToyLayer {
    private final int kernel;
    private final int padding;

    ToyConv2d(String name, int inChannels, int outChannels, int kernel, int padding, float[] weight, float[] bias) {
        super(name, inChannels, outChannels, weight, bias);
        this.kernel = kernel;
        this.padding = padding;
    }

    @Override
    int kernelSize() {
        return kernel * kernel;
    }

    int outputSize(int size) {
        return size + 2 * padding - kernel + 1;
    }

    float[] forward(float[] input, int height, int width) {
        if (input.length != inChannels * height * width) {
            throw new IllegalArgumentException(name + " input has " + input.length + " values, expected "
                    + inChannels + "x" + height + "x" + width);
        }
        return padding == 0 ? valid(input, height, width) : padded(input, height, width);
    }

    /** Exactly the demo's loop. */
    private float[] valid(float[] input, int height, int width) {
        int oh = outputSize(height);
        int ow = outputSize(width);
        float[] output = new float[this.outChannels * oh * ow];
        for (int oc = 0; oc < this.outChannels; oc++) {
            for (int oy = 0; oy < oh; oy++) {
                for (int ox = 0; ox < ow; ox++) {
                    float sum = this.bias == null ? 0f : this.bias[oc];
                    for (int ic = 0; ic < this.inChannels; ic++) {
                        int wBase = (oc * this.inChannels + ic) * this.kernel * this.kernel;
                        int iBase = ic * height * width;
                        for (int ky = 0; ky < this.kernel; ky++) {
                            int row = iBase + (oy + ky) * width + ox;
                            int wRow = wBase + ky * this.kernel;
                            for (int kx = 0; kx < this.kernel; kx++) {
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

    private float[] padded(float[] input, int height, int width) {
        int oh = outputSize(height);
        int ow = outputSize(width);
        float[] output = new float[outChannels * oh * ow];
        for (int oc = 0; oc < outChannels; oc++) {
            for (int oy = 0; oy < oh; oy++) {
                for (int ox = 0; ox < ow; ox++) {
                    float sum = bias == null ? 0f : bias[oc];
                    for (int ic = 0; ic < inChannels; ic++) {
                        int wBase = (oc * inChannels + ic) * kernel * kernel;
                        int iBase = ic * height * width;
                        for (int ky = 0; ky < kernel; ky++) {
                            int y = oy + ky - padding;
                            for (int kx = 0; kx < kernel; kx++) {
                                int x = ox + kx - padding;
                                if (y >= 0 && y < height && x >= 0 && x < width) {
                                    sum += input[iBase + y * width + x] * weight[wBase + ky * kernel + kx];
                                }
                            }
                        }
                    }
                    output[(oc * oh + oy) * ow + ox] = sum;
                }
            }
        }
        return output;
    }
}
