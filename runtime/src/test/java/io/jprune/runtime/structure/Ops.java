package io.jprune.runtime.structure;

/** The demo's functional code (not modules): ReLU in place and 2x2 max-pooling. */
final class Ops {
    private Ops() {
    }

    static float[] relu(float[] x) {
        for (int i = 0; i < x.length; i++) {
            if (x[i] < 0f) {
                x[i] = 0f;
            }
        }
        return x;
    }

    static float[] maxPool2x2(float[] x, int height, int width) {
        int plane = height * width;
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

    static float[] add(float[] a, float[] b) {
        float[] sum = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            sum[i] = a[i] + b[i];
        }
        return sum;
    }

    static int argmax(float[] x) {
        int best = 0;
        for (int i = 1; i < x.length; i++) {
            if (x[i] > x[best]) {
                best = i;
            }
        }
        return best;
    }
}
