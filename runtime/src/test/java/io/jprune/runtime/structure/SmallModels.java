package io.jprune.runtime.structure;

import java.util.List;
import java.util.Random;

/** Small models for the cases LeNet does not have: residual sums, skips from the input, padding, no bias. */
final class SmallModels {
    private SmallModels() {
    }

    static ToyLinear linear(Random random, String name, int in, int out, boolean bias) {
        return new ToyLinear(name, in, out, ToyLeNet.gaussian(random, in * out, 0.5),
                bias ? ToyLeNet.uniform(random, out, 0.2, 1.0) : null);
    }

    static List<float[]> vectors(long seed, int count, int length) {
        Random random = new Random(seed);
        float[][] vectors = new float[count][];
        for (int i = 0; i < count; i++) {
            vectors[i] = ToyLeNet.gaussian(random, length, 1.0);
        }
        return List.of(vectors);
    }

    /** x -&gt; fa, x -&gt; fb, relu(fa + fb) -&gt; fc: a residual-style sum of two branches. */
    static final class Residual implements ToyModel {
        final ToyLinear fa;
        final ToyLinear fb;
        final ToyLinear fc;

        Residual(long seed) {
            Random random = new Random(seed);
            fa = linear(random, "fa", 8, 6, true);
            fb = linear(random, "fb", 8, 6, true);
            fc = linear(random, "fc", 6, 4, true);
        }

        @Override
        public float[] forward(float[] x, ForwardHook hook) {
            float[] a = hook.exit("fa", x, fa.forward(x));
            float[] b = hook.exit("fb", x, fb.forward(x));
            float[] s = Ops.relu(Ops.add(a, b));
            return hook.exit("", x, hook.exit("fc", s, fc.forward(s)));
        }

        @Override
        public List<ToyLayer> layers() {
            return List.of(fa, fb, fc);
        }
    }

    /** relu(x + fa(x)) -&gt; fc: a skip from the model's input, which no layer produces. */
    static final class SkipFromInput implements ToyModel {
        final ToyLinear fa;
        final ToyLinear fc;

        SkipFromInput(long seed) {
            Random random = new Random(seed);
            fa = linear(random, "fa", 6, 6, true);
            fc = linear(random, "fc", 6, 3, true);
        }

        @Override
        public float[] forward(float[] x, ForwardHook hook) {
            float[] h = Ops.relu(Ops.add(x, hook.exit("fa", x, fa.forward(x))));
            return hook.exit("", x, hook.exit("fc", h, fc.forward(h)));
        }

        @Override
        public List<ToyLayer> layers() {
            return List.of(fa, fc);
        }
    }

    /** fa -&gt; relu -&gt; fb (no bias) -&gt; relu -&gt; fc. */
    static final class NoBiasConsumer implements ToyModel {
        final ToyLinear fa;
        final ToyLinear fb;
        final ToyLinear fc;

        NoBiasConsumer(long seed) {
            Random random = new Random(seed);
            fa = linear(random, "fa", 5, 8, true);
            fb = linear(random, "fb", 8, 6, false);
            fc = linear(random, "fc", 6, 3, true);
        }

        @Override
        public float[] forward(float[] x, ForwardHook hook) {
            float[] h = Ops.relu(hook.exit("fa", x, fa.forward(x)));
            float[] g = Ops.relu(hook.exit("fb", h, fb.forward(h)));
            return hook.exit("", x, hook.exit("fc", g, fc.forward(g)));
        }

        @Override
        public List<ToyLayer> layers() {
            return List.of(fa, fb, fc);
        }
    }

    /** conv1 (valid) -&gt; relu -&gt; conv2 (padding 1) -&gt; relu -&gt; flatten -&gt; fc, on 1x8x8 inputs. */
    static final class PaddedConsumer implements ToyModel {
        final ToyConv2d conv1;
        final ToyConv2d conv2;
        final ToyLinear fc;

        PaddedConsumer(long seed) {
            Random random = new Random(seed);
            conv1 = new ToyConv2d("conv1", 1, 4, 3, 0, ToyLeNet.gaussian(random, 36, 0.4),
                    ToyLeNet.uniform(random, 4, 0.2, 1.0));
            conv2 = new ToyConv2d("conv2", 4, 3, 3, 1, ToyLeNet.gaussian(random, 108, 0.3),
                    ToyLeNet.uniform(random, 3, 0.2, 1.0));
            fc = linear(random, "fc", 3 * 6 * 6, 2, true);
        }

        @Override
        public float[] forward(float[] x, ForwardHook hook) {
            float[] h = Ops.relu(hook.exit("conv1", x, conv1.forward(x, 8, 8)));
            float[] g = Ops.relu(hook.exit("conv2", h, conv2.forward(h, 6, 6)));
            return hook.exit("", x, hook.exit("fc", g, fc.forward(g)));
        }

        @Override
        public List<ToyLayer> layers() {
            return List.of(conv1, conv2, fc);
        }
    }

    /**
     * fa -&gt; norm -&gt; relu -&gt; fc, where {@code norm} scales each channel by a parameter of its own: a module
     * with parameters that is not a layer jprune slices.
     */
    static final class ThroughScale implements ToyModel {
        final ToyLinear fa;
        final ToyLinear fc;
        final float[] scale = {1.5f, 0.5f, 2f, 1f, 0.75f, 1.25f};

        ThroughScale(long seed) {
            Random random = new Random(seed);
            fa = linear(random, "fa", 4, 6, true);
            fc = linear(random, "fc", 6, 3, true);
        }

        @Override
        public float[] forward(float[] x, ForwardHook hook) {
            float[] a = hook.exit("fa", x, fa.forward(x));
            float[] scaled = new float[a.length];
            for (int i = 0; i < a.length; i++) {
                scaled[i] = a[i] * scale[i];
            }
            float[] h = Ops.relu(hook.exit("norm", a, scaled));
            return hook.exit("", x, hook.exit("fc", h, fc.forward(h)));
        }

        @Override
        public List<ToyLayer> layers() {
            return List.of(fa, fc);
        }
    }
}
