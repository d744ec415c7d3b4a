package io.jprune.demo;

/** Stateless operations, like {@code torch.nn.functional}: not modules, no parameters. */
public final class Functional {

    private Functional() {
    }

    /** ReLU, in place; returns its argument. */
    public static float[] relu(float[] x) {
        for (int i = 0; i < x.length; i++) {
            if (x[i] < 0f) {
                x[i] = 0f;
            }
        }
        return x;
    }

    /**
     * 2x2 max-pooling with stride 2 (floor mode) of a {@code [C, height, width]} input; the channel
     * count {@code C} is derived from the input length.
     *
     * @return the {@code [C, height / 2, width / 2]} output, flat
     */
    public static float[] maxPool2x2(float[] x, int height, int width) {
        int plane = height * width;
        if (plane <= 0 || x.length % plane != 0) {
            throw new IllegalArgumentException("max-pool input of " + x.length + " values is not C x "
                    + height + " x " + width);
        }
        int channels = x.length / plane;
        int oh = height / 2;
        int ow = width / 2;
        float[] out = new float[channels * oh * ow];
        for (int c = 0; c < channels; c++) {
            int base = c * plane;
            for (int oy = 0; oy < oh; oy++) {
                int r0 = base + 2 * oy * width;
                int r1 = r0 + width;
                for (int ox = 0; ox < ow; ox++) {
                    int x0 = 2 * ox;
                    float m = Math.max(Math.max(x[r0 + x0], x[r0 + x0 + 1]), Math.max(x[r1 + x0], x[r1 + x0 + 1]));
                    out[(c * oh + oy) * ow + ox] = m;
                }
            }
        }
        return out;
    }

    /** Index of the largest value (the first one on ties). */
    public static int argmax(float[] x) {
        int best = 0;
        for (int i = 1; i < x.length; i++) {
            if (x[i] > x[best]) {
                best = i;
            }
        }
        return best;
    }
}
