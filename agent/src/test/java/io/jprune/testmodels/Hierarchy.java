package io.jprune.testmodels;

/** Fields of a superclass come first, as a PyTorch subclass registers them after super().__init__(). */
public final class Hierarchy {
    private Hierarchy() {
    }

    /** The base declares the forward. */
    public static class Base {
        protected final float[] baseWeight = {1, 2};
        protected final Dense shared = new Dense(1, 1);

        public float[] forward(float[] x) {
            return x;
        }
    }

    /** A subclass without a forward of its own is still a module. */
    public static class Derived extends Base {
        private final float[] ownWeight = {3};
        private final float[] sameArrayAgain = baseWeight;
        private final Dense sharedAgain = super.shared;
        private final Derived self = this;
    }

    /** A class with only a static forward is no module. */
    public static class StaticOnly {
        private final float[] weight = {1};

        public static float[] forward(float[] x) {
            return x;
        }
    }

    /** A module whose forward has no parameters in reach. */
    public static class Empty {
        public float[] forward(float[] x) {
            return x;
        }
    }
}
