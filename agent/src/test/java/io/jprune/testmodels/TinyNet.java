package io.jprune.testmodels;

/**
 * A conv layer and a linear layer with fixed, small weights, laid out as PyTorch's {@code Conv2d(1, 2, 2)} and
 * {@code Linear(2, 3)}, so that a test can state every value a listing or a prune must show.
 */
public final class TinyNet {
    private final Conv2d conv1 = new Conv2d();
    private final Linear fc1 = new Linear();

    public float[] forward(float[] x) {
        return fc1.forward(conv1.forward(x));
    }

    @Override
    public String toString() {
        return "TinyNet(\n  (conv1): " + conv1 + "\n  (fc1): " + fc1 + "\n)";
    }

    /** {@code Conv2d(1, 2, kernel_size=2)}: a weight of shape [2, 1, 2, 2] with one zero, and a bias. */
    public static final class Conv2d {
        private final int in_channels = 1;
        private final int out_channels = 2;
        private final int kernel_size = 2;
        private final float[] weight = {0.5f, -0.25f, 0.125f, 1f, -1f, 0.75f, 0f, 0.5f};
        private final float[] bias = {0.1f, -0.2f};

        public float[] forward(float[] x) {
            return x;
        }

        @Override
        public String toString() {
            return "Conv2d(" + in_channels + ", " + out_channels + ", kernel_size=(" + kernel_size + ", "
                    + kernel_size + "), stride=(1, 1))";
        }
    }

    /** {@code Linear(2, 3)}: a weight of shape [3, 2] holding 1 to 6, and a bias of zeros. */
    public static final class Linear {
        private final int in_features = 2;
        private final int out_features = 3;
        private final float[] weight = {1, 2, 3, 4, 5, 6};
        private final float[] bias = {0, 0, 0};

        public float[] forward(float[] x) {
            return x;
        }

        @Override
        public String toString() {
            return "Linear(in_features=" + in_features + ", out_features=" + out_features + ", bias=True)";
        }
    }
}
