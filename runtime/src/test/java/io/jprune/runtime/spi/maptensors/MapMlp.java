package io.jprune.runtime.spi.maptensors;

import io.jprune.runtime.spi.ForwardObserver;
import io.jprune.runtime.tensor.Shape;
import java.util.Map;

/**
 * The app of the test framework: a two-layer perceptron (6 -> 8 -> 3, ReLU between) whose weights are one
 * immutable map of named {@link OffHeapTensor}s, replaced as a whole when the framework applies new weights. Its
 * forward reports to the framework's hooks (here a static observer, as an adapter's woven hooks would), and it
 * reads the map anew for every layer, so only the engine's gate keeps one forward on one generation.
 */
final class MapMlp {
    /** What the adapter's hooks report to; {@code null} until the adapter is installed. */
    static volatile ForwardObserver hooks;

    /** The modules, as objects of their own so that the engine can tell their forwards apart. */
    final Object fc1 = new Object();
    final Object fc2 = new Object();
    volatile Map<String, OffHeapTensor> weights;

    MapMlp(long seed) {
        java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
        weights = Map.of(
                "fc1.weight", OffHeapTensor.ofApp(Shape.of(8, 6), draw(random, 48)),
                "fc1.bias", OffHeapTensor.ofApp(Shape.of(8), draw(random, 8)),
                "fc2.weight", OffHeapTensor.ofApp(Shape.of(3, 8), draw(random, 24)),
                "fc2.bias", OffHeapTensor.ofApp(Shape.of(3), draw(random, 3)));
    }

    private static float[] draw(java.util.SplittableRandom random, int n) {
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = (float) (random.nextDouble() * 2 - 1);
        }
        return values;
    }

    Activation forward(Activation x) {
        ForwardObserver observer = hooks;
        Activation out = null;
        if (observer != null) {
            observer.enter(this, new Object[] {x});
        }
        try {
            Activation hidden = linear(fc1, "fc1", x);
            for (int i = 0; i < hidden.size(); i++) {
                hidden.values.put(i, Math.max(0f, hidden.values.get(i)));
            }
            out = linear(fc2, "fc2", hidden);
            return out;
        } finally {
            if (observer != null) {
                observer.exit(this, out);
            }
        }
    }

    private Activation linear(Object module, String name, Activation x) {
        ForwardObserver observer = hooks;
        Activation y = null;
        if (observer != null) {
            observer.enter(module, new Object[] {x});
        }
        try {
            y = Ops.linear(weights.get(name + ".weight"), weights.get(name + ".bias"), x);
            return y;
        } finally {
            if (observer != null) {
                observer.exit(module, y);
            }
        }
    }

    /** The arithmetic, also used by the test to compute expected outputs from the listed tensors. */
    static final class Ops {
        private Ops() {
        }

        static Activation linear(OffHeapTensor weight, OffHeapTensor bias, Activation x) {
            int out = weight.shape().dims()[0];
            int in = weight.shape().dims()[1];
            float[] y = new float[out];
            for (int o = 0; o < out; o++) {
                float sum = bias.get(o);
                for (int i = 0; i < in; i++) {
                    sum += weight.get(o * in + i) * x.values.get(i);
                }
                y[o] = sum;
            }
            return new Activation(y);
        }
    }
}
