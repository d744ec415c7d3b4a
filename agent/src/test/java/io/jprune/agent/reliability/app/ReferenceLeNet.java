package io.jprune.agent.reliability.app;

import java.util.Map;

/**
 * The demo's LeNet forward written again, apart from the app's classes (which jprune hooks) and reading its weights
 * from a map, so that the logits a given pruning state must produce can be computed independently of the app and
 * of jprune. Every sum runs in the demo's order, so the result is the same bit for bit.
 */
final class ReferenceLeNet {
    private ReferenceLeNet() {
    }

    /** The logits of one normalized 1x28x28 image under {@code weights} (conv1.weight ... fc3.bias, flat). */
    static float[] logits(Map<String, float[]> weights, float[] image) {
        float[] x = conv(image, 1, 28, weights.get("conv1.weight"), weights.get("conv1.bias"), 6);
        x = maxPool(relu(x), 6, 26);
        x = conv(x, 6, 13, weights.get("conv2.weight"), weights.get("conv2.bias"), 16);
        x = maxPool(relu(x), 16, 11);
        x = relu(linear(x, weights.get("fc1.weight"), weights.get("fc1.bias")));
        x = relu(linear(x, weights.get("fc2.weight"), weights.get("fc2.bias")));
        return linear(x, weights.get("fc3.weight"), weights.get("fc3.bias"));
    }

    /** A 3x3, stride 1 convolution of a square {@code [in, size, size]} input. */
    private static float[] conv(float[] input, int in, int size, float[] weight, float[] bias, int out) {
        int o = size - 2;
        float[] output = new float[out * o * o];
        for (int oc = 0; oc < out; oc++) {
            for (int oy = 0; oy < o; oy++) {
                for (int ox = 0; ox < o; ox++) {
                    float sum = bias[oc];
                    for (int ic = 0; ic < in; ic++) {
                        int w = (oc * in + ic) * 9;
                        int i = ic * size * size;
                        for (int ky = 0; ky < 3; ky++) {
                            int row = i + (oy + ky) * size + ox;
                            for (int kx = 0; kx < 3; kx++) {
                                sum += input[row + kx] * weight[w + ky * 3 + kx];
                            }
                        }
                    }
                    output[(oc * o + oy) * o + ox] = sum;
                }
            }
        }
        return output;
    }

    private static float[] linear(float[] input, float[] weight, float[] bias) {
        float[] output = new float[bias.length];
        for (int o = 0; o < bias.length; o++) {
            float sum = bias[o];
            for (int i = 0; i < input.length; i++) {
                sum += input[i] * weight[o * input.length + i];
            }
            output[o] = sum;
        }
        return output;
    }

    private static float[] relu(float[] x) {
        for (int i = 0; i < x.length; i++) {
            if (x[i] < 0f) {
                x[i] = 0f;
            }
        }
        return x;
    }

    private static float[] maxPool(float[] x, int channels, int size) {
        int o = size / 2;
        float[] out = new float[channels * o * o];
        for (int c = 0; c < channels; c++) {
            for (int oy = 0; oy < o; oy++) {
                int r0 = c * size * size + 2 * oy * size;
                int r1 = r0 + size;
                for (int ox = 0; ox < o; ox++) {
                    int x0 = 2 * ox;
                    out[(c * o + oy) * o + ox] = Math.max(Math.max(x[r0 + x0], x[r0 + x0 + 1]),
                            Math.max(x[r1 + x0], x[r1 + x0 + 1]));
                }
            }
        }
        return out;
    }
}
