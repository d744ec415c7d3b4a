package io.jprune.demo.train;

import io.jprune.demo.Conv2d;
import io.jprune.demo.LeNet;
import io.jprune.demo.Linear;
import io.jprune.demo.Mnist;
import io.jprune.demo.Weights;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Trains the demo LeNet on the 8,000 committed training digits and writes the weight file.
 *
 * <p>Plain Java, hand-written backprop through conv / relu / max-pool / linear, softmax
 * cross-entropy, Adam with a cosine learning-rate decay, random +-2 pixel shifts as augmentation.
 * Deterministic: every random draw comes from one {@code java.util.Random(seed)} on the main
 * thread, each minibatch is split into a fixed number of shards whose gradients are summed in a
 * fixed order, and {@code StrictMath} is used for exp/log, so the same seed gives the same weights
 * whatever the number of threads. The held-out 2,000 digits are only used to report accuracy
 * (through the real {@link LeNet} inference classes), never to select anything.
 *
 * <pre>
 * java -cp demo-app/target/demo-app.jar io.jprune.demo.train.Trainer \
 *     --out demo-app/src/main/resources/io/jprune/demo/lenet-mnist.weights
 * </pre>
 */
public final class Trainer {

    static final int SHARDS = 2;

    private final Options opt;
    private final Model model;
    private final Adam adam;

    private Trainer(Options opt) {
        this.opt = opt;
        this.model = new Model(new Random(opt.seed));
        this.adam = new Adam(model.params, opt.lr);
    }

    /** Command line options. */
    static final class Options {
        Path out;
        int epochs = 24;
        int batch = 32;
        float lr = 2e-3f;
        long seed = 42;
        int shift = 2;
        int threads = 2;

        static Options parse(String[] args) {
            Options o = new Options();
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                if (a.equals("--help") || a.equals("-h")) {
                    return null;
                }
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("missing value after " + a);
                }
                String v = args[++i];
                switch (a) {
                    case "--out": o.out = Path.of(v); break;
                    case "--epochs": o.epochs = positive(a, v); break;
                    case "--batch": o.batch = positive(a, v); break;
                    case "--lr": o.lr = Float.parseFloat(v); break;
                    case "--seed": o.seed = Long.parseLong(v); break;
                    case "--shift": o.shift = Integer.parseInt(v); break;
                    case "--threads": o.threads = positive(a, v); break;
                    default: throw new IllegalArgumentException("unknown option " + a);
                }
            }
            if (o.out == null) {
                throw new IllegalArgumentException("--out is required");
            }
            if (o.shift < 0 || o.shift > 4) {
                throw new IllegalArgumentException("--shift must be in 0..4");
            }
            return o;
        }

        private static int positive(String flag, String v) {
            int n;
            try {
                n = Integer.parseInt(v);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(flag + " needs a positive integer, got " + v);
            }
            if (n <= 0) {
                throw new IllegalArgumentException(flag + " needs a positive integer, got " + v);
            }
            return n;
        }
    }

    static final String USAGE = String.join("\n",
            "usage: java -cp demo-app.jar io.jprune.demo.train.Trainer --out FILE [options]",
            "  --out FILE     weight file to write (required)",
            "  --epochs N     epochs over the 8,000 training digits (default 24)",
            "  --batch N      minibatch size (default 32)",
            "  --lr X         Adam learning rate, cosine-decayed to 0 (default 0.002)",
            "  --seed N       random seed for init, order and augmentation (default 42)",
            "  --shift N      max random shift in pixels for augmentation, 0 = none (default 2)",
            "  --threads N    worker threads; does not change the result (default 2)");

    public static void main(String[] args) throws Exception {
        Options opt;
        try {
            opt = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("trainer: " + e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        if (opt == null) {
            System.out.println(USAGE);
            return;
        }
        new Trainer(opt).run();
    }

    private void run() throws IOException, InterruptedException {
        Mnist train = Mnist.train();
        Mnist test = Mnist.test();
        int n = train.size();
        byte[][] raw = new byte[n][];
        int[] labels = train.labels();
        for (int i = 0; i < n; i++) {
            raw[i] = train.rawPixels(i);
        }
        float[][] testImages = test.images();
        int[] testLabels = test.labels();
        System.out.printf(Locale.ROOT, "trainer: %d training digits, %d test digits, %d epochs, batch %d, "
                + "lr %.4g, shift %d, seed %d%n", n, test.size(), opt.epochs, opt.batch, opt.lr, opt.shift, opt.seed);

        Random rnd = new Random(opt.seed + 1);
        Shard[] shards = new Shard[SHARDS];
        for (int s = 0; s < SHARDS; s++) {
            shards[s] = new Shard(model);
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(opt.threads, SHARDS), r -> {
            Thread t = new Thread(r, "trainer-worker");
            t.setDaemon(true);
            return t;
        });
        int stepsPerEpoch = (n + opt.batch - 1) / opt.batch;
        long totalSteps = (long) stepsPerEpoch * opt.epochs;
        long step = 0;
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        long t0 = System.nanoTime();
        try {
            for (int epoch = 1; epoch <= opt.epochs; epoch++) {
                // Fisher-Yates shuffle of the training order
                for (int i = n - 1; i > 0; i--) {
                    int j = rnd.nextInt(i + 1);
                    int t = order[i];
                    order[i] = order[j];
                    order[j] = t;
                }
                double lossSum = 0;
                int correct = 0;
                for (int start = 0; start < n; start += opt.batch) {
                    int end = Math.min(n, start + opt.batch);
                    int bs = end - start;
                    float[][] xs = new float[bs][];
                    int[] ys = new int[bs];
                    for (int k = 0; k < bs; k++) {
                        int idx = order[start + k];
                        int dx = opt.shift == 0 ? 0 : rnd.nextInt(2 * opt.shift + 1) - opt.shift;
                        int dy = opt.shift == 0 ? 0 : rnd.nextInt(2 * opt.shift + 1) - opt.shift;
                        xs[k] = Mnist.normalize(shift(raw[idx], dx, dy));
                        ys[k] = labels[idx];
                    }
                    List<Future<?>> futures = new ArrayList<>(SHARDS);
                    for (int s = 0; s < SHARDS; s++) {
                        int from = bs * s / SHARDS;
                        int to = bs * (s + 1) / SHARDS;
                        Shard shard = shards[s];
                        futures.add(pool.submit(() -> shard.run(xs, ys, from, to)));
                    }
                    for (Future<?> f : futures) {
                        try {
                            f.get();
                        } catch (java.util.concurrent.ExecutionException e) {
                            throw new IllegalStateException("training step failed", e.getCause());
                        }
                    }
                    float[][] grad = model.newGrads();
                    for (Shard shard : shards) {
                        lossSum += shard.loss;
                        correct += shard.correct;
                        for (int p = 0; p < grad.length; p++) {
                            float[] g = grad[p];
                            float[] sg = shard.grads[p];
                            for (int i = 0; i < g.length; i++) {
                                g[i] += sg[i];
                            }
                        }
                    }
                    float scale = 1f / bs;
                    for (float[] g : grad) {
                        for (int i = 0; i < g.length; i++) {
                            g[i] *= scale;
                        }
                    }
                    double lr = 0.5 * opt.lr * (1 + StrictMath.cos(StrictMath.PI * step / totalSteps));
                    adam.step(grad, (float) lr);
                    step++;
                }
                LeNet net = model.toLeNet();
                int testCorrect = 0;
                for (int i = 0; i < testImages.length; i++) {
                    if (net.classify(testImages[i]) == testLabels[i]) {
                        testCorrect++;
                    }
                }
                System.out.printf(Locale.ROOT, "epoch %2d: train loss %.4f, train acc %.2f%% | test acc %.2f%% "
                                + "(%d/%d) | %.1f s%n", epoch, lossSum / n, 100.0 * correct / n,
                        100.0 * testCorrect / testImages.length, testCorrect, testImages.length,
                        (System.nanoTime() - t0) / 1e9);
            }
        } finally {
            pool.shutdownNow();
        }
        LeNet net = model.toLeNet();
        Weights.save(net, opt.out);
        int testCorrect = 0;
        LeNet reloaded = Weights.loadLeNet(opt.out);
        for (int i = 0; i < testImages.length; i++) {
            if (reloaded.classify(testImages[i]) == testLabels[i]) {
                testCorrect++;
            }
        }
        System.out.printf(Locale.ROOT, "trainer: wrote %s (%d parameters); held-out accuracy %.2f%% (%d/%d)%n",
                opt.out, net.parameterCount(), 100.0 * testCorrect / testImages.length, testCorrect,
                testImages.length);
    }

    /** Translates a 28x28 image by (dx, dy) pixels, filling with background (0). */
    static byte[] shift(byte[] src, int dx, int dy) {
        if (dx == 0 && dy == 0) {
            return src;
        }
        int side = Mnist.SIDE;
        byte[] dst = new byte[src.length];
        for (int y = 0; y < side; y++) {
            int sy = y - dy;
            if (sy < 0 || sy >= side) {
                continue;
            }
            for (int x = 0; x < side; x++) {
                int sx = x - dx;
                if (sx >= 0 && sx < side) {
                    dst[y * side + x] = src[sy * side + sx];
                }
            }
        }
        return dst;
    }

    /**
     * The trainable parameters, in state_dict order: conv1.weight, conv1.bias, conv2.weight,
     * conv2.bias, fc1.weight, fc1.bias, fc2.weight, fc2.bias, fc3.weight, fc3.bias.
     */
    static final class Model {
        static final int C1 = 6;
        static final int C2 = 16;
        static final int K = 3;
        static final int F1 = 120;
        static final int F2 = 84;
        static final int OUT = 10;
        static final int FLAT = C2 * 5 * 5;

        final float[][] params;

        Model(Random rnd) {
            params = new float[][] {
                init(rnd, C1 * K * K, C1 * K * K), init(rnd, C1, K * K),
                init(rnd, C2 * C1 * K * K, C1 * K * K), init(rnd, C2, C1 * K * K),
                init(rnd, F1 * FLAT, FLAT), init(rnd, F1, FLAT),
                init(rnd, F2 * F1, F1), init(rnd, F2, F1),
                init(rnd, OUT * F2, F2), init(rnd, OUT, F2),
            };
        }

        /** PyTorch's default init: U(-1/sqrt(fan_in), 1/sqrt(fan_in)) for weights and biases. */
        private static float[] init(Random rnd, int n, int fanIn) {
            float bound = (float) (1 / StrictMath.sqrt(fanIn));
            float[] a = new float[n];
            for (int i = 0; i < n; i++) {
                a[i] = (rnd.nextFloat() * 2 - 1) * bound;
            }
            return a;
        }

        float[][] newGrads() {
            float[][] g = new float[params.length][];
            for (int i = 0; i < g.length; i++) {
                g[i] = new float[params[i].length];
            }
            return g;
        }

        LeNet toLeNet() {
            float[][] p = params;
            return new LeNet(
                    new Conv2d(1, C1, K, 1, p[0].clone(), p[1].clone()),
                    new Conv2d(C1, C2, K, 1, p[2].clone(), p[3].clone()),
                    new Linear(FLAT, F1, p[4].clone(), p[5].clone()),
                    new Linear(F1, F2, p[6].clone(), p[7].clone()),
                    new Linear(F2, OUT, p[8].clone(), p[9].clone()));
        }
    }

    /** Adam (Kingma &amp; Ba), with bias correction. */
    static final class Adam {
        private static final float B1 = 0.9f;
        private static final float B2 = 0.999f;
        private static final float EPS = 1e-8f;
        private final float[][] params;
        private final float[][] m;
        private final float[][] v;
        private int t;

        Adam(float[][] params, float lr) {
            this.params = params;
            this.m = new float[params.length][];
            this.v = new float[params.length][];
            for (int i = 0; i < params.length; i++) {
                m[i] = new float[params[i].length];
                v[i] = new float[params[i].length];
            }
        }

        void step(float[][] grads, float lr) {
            t++;
            float c1 = (float) (1 - StrictMath.pow(B1, t));
            float c2 = (float) (1 - StrictMath.pow(B2, t));
            for (int p = 0; p < params.length; p++) {
                float[] w = params[p];
                float[] g = grads[p];
                float[] mp = m[p];
                float[] vp = v[p];
                for (int i = 0; i < w.length; i++) {
                    mp[i] = B1 * mp[i] + (1 - B1) * g[i];
                    vp[i] = B2 * vp[i] + (1 - B2) * g[i] * g[i];
                    float mh = mp[i] / c1;
                    float vh = vp[i] / c2;
                    w[i] -= lr * mh / ((float) StrictMath.sqrt(vh) + EPS);
                }
            }
        }
    }

    /** One worker's activations and gradient buffers; processes a slice of a minibatch. */
    static final class Shard {
        private final Model model;
        final float[][] grads;
        double loss;
        int correct;

        // activations
        private final float[] a1 = new float[Model.C1 * 26 * 26];
        private final float[] p1 = new float[Model.C1 * 13 * 13];
        private final int[] i1 = new int[Model.C1 * 13 * 13];
        private final float[] a2 = new float[Model.C2 * 11 * 11];
        private final float[] p2 = new float[Model.FLAT];
        private final int[] i2 = new int[Model.FLAT];
        private final float[] h3 = new float[Model.F1];
        private final float[] h4 = new float[Model.F2];
        private final float[] z = new float[Model.OUT];
        // gradients wrt activations
        private final float[] dz = new float[Model.OUT];
        private final float[] dh4 = new float[Model.F2];
        private final float[] dh3 = new float[Model.F1];
        private final float[] dp2 = new float[Model.FLAT];
        private final float[] da2 = new float[Model.C2 * 11 * 11];
        private final float[] dp1 = new float[Model.C1 * 13 * 13];
        private final float[] da1 = new float[Model.C1 * 26 * 26];

        Shard(Model model) {
            this.model = model;
            this.grads = model.newGrads();
        }

        void run(float[][] xs, int[] ys, int from, int to) {
            for (float[] g : grads) {
                java.util.Arrays.fill(g, 0f);
            }
            loss = 0;
            correct = 0;
            for (int k = from; k < to; k++) {
                sample(xs[k], ys[k]);
            }
        }

        private void sample(float[] x, int y) {
            float[][] p = model.params;
            float[][] g = grads;
            // ---- forward pass (same maths as io.jprune.demo.LeNet)
            Ops.conv(x, 1, 28, 28, p[0], p[1], Model.C1, Model.K, a1);
            Ops.reluPool(a1, Model.C1, 26, 26, p1, i1);
            Ops.conv(p1, Model.C1, 13, 13, p[2], p[3], Model.C2, Model.K, a2);
            Ops.reluPool(a2, Model.C2, 11, 11, p2, i2);
            Ops.dense(p2, p[4], p[5], h3);
            Ops.reluInPlace(h3);
            Ops.dense(h3, p[6], p[7], h4);
            Ops.reluInPlace(h4);
            Ops.dense(h4, p[8], p[9], z);
            // ---- softmax cross-entropy
            float max = z[0];
            int arg = 0;
            for (int i = 1; i < z.length; i++) {
                if (z[i] > max) {
                    max = z[i];
                    arg = i;
                }
            }
            if (arg == y) {
                correct++;
            }
            double sum = 0;
            for (int i = 0; i < z.length; i++) {
                sum += StrictMath.exp(z[i] - max);
            }
            for (int i = 0; i < z.length; i++) {
                dz[i] = (float) (StrictMath.exp(z[i] - max) / sum) - (i == y ? 1f : 0f);
            }
            loss += StrictMath.log(sum) - (z[y] - max);
            // ---- backward pass
            Ops.denseBack(h4, dz, p[8], g[8], g[9], dh4);
            Ops.reluBack(h4, dh4);
            Ops.denseBack(h3, dh4, p[6], g[6], g[7], dh3);
            Ops.reluBack(h3, dh3);
            Ops.denseBack(p2, dh3, p[4], g[4], g[5], dp2);
            Ops.poolBack(dp2, i2, da2); // relu mask is folded in: pooled zeros carry no gradient
            Ops.convBack(p1, Model.C1, 13, 13, da2, p[2], g[2], g[3], Model.C2, Model.K, dp1);
            Ops.poolBack(dp1, i1, da1);
            Ops.convBack(x, 1, 28, 28, da1, p[0], g[0], g[1], Model.C1, Model.K, null);
        }
    }

    /** Training kernels (stride-1 convolutions, 2x2 pooling, dense layers) and their gradients. */
    static final class Ops {
        private Ops() {
        }

        static void conv(float[] in, int c, int h, int w, float[] wt, float[] b, int oc, int k, float[] out) {
            int oh = h - k + 1;
            int ow = w - k + 1;
            for (int o = 0; o < oc; o++) {
                for (int oy = 0; oy < oh; oy++) {
                    for (int ox = 0; ox < ow; ox++) {
                        float s = b[o];
                        for (int ic = 0; ic < c; ic++) {
                            int wb = (o * c + ic) * k * k;
                            int ib = ic * h * w;
                            for (int ky = 0; ky < k; ky++) {
                                int row = ib + (oy + ky) * w + ox;
                                for (int kx = 0; kx < k; kx++) {
                                    s += in[row + kx] * wt[wb + ky * k + kx];
                                }
                            }
                        }
                        out[(o * oh + oy) * ow + ox] = s;
                    }
                }
            }
        }

        /**
         * relu then 2x2/2 max-pool (floor); records the argmax positions. max(relu(x)) = relu(max(x)),
         * and a pooled value of 0 gets argmax -1 (no gradient flows through a dead relu).
         */
        static void reluPool(float[] in, int c, int h, int w, float[] out, int[] arg) {
            int oh = h / 2;
            int ow = w / 2;
            for (int ch = 0; ch < c; ch++) {
                for (int oy = 0; oy < oh; oy++) {
                    for (int ox = 0; ox < ow; ox++) {
                        int best = (ch * h + 2 * oy) * w + 2 * ox;
                        float m = in[best];
                        int[] cand = {best + 1, best + w, best + w + 1};
                        for (int q : cand) {
                            if (in[q] > m) {
                                m = in[q];
                                best = q;
                            }
                        }
                        int o = (ch * oh + oy) * ow + ox;
                        if (m > 0f) {
                            out[o] = m;
                            arg[o] = best;
                        } else {
                            out[o] = 0f;
                            arg[o] = -1;
                        }
                    }
                }
            }
        }

        static void poolBack(float[] dOut, int[] arg, float[] dIn) {
            java.util.Arrays.fill(dIn, 0f);
            for (int o = 0; o < dOut.length; o++) {
                if (arg[o] >= 0) {
                    dIn[arg[o]] += dOut[o];
                }
            }
        }

        static void dense(float[] in, float[] wt, float[] b, float[] out) {
            int n = in.length;
            for (int o = 0; o < out.length; o++) {
                float s = b[o];
                int row = o * n;
                for (int i = 0; i < n; i++) {
                    s += in[i] * wt[row + i];
                }
                out[o] = s;
            }
        }

        static void reluInPlace(float[] x) {
            for (int i = 0; i < x.length; i++) {
                if (x[i] < 0f) {
                    x[i] = 0f;
                }
            }
        }

        /** Multiplies the gradient by relu'(pre-activation), given the post-relu values. */
        static void reluBack(float[] post, float[] d) {
            for (int i = 0; i < d.length; i++) {
                if (post[i] <= 0f) {
                    d[i] = 0f;
                }
            }
        }

        static void denseBack(float[] in, float[] dOut, float[] wt, float[] gw, float[] gb, float[] dIn) {
            int n = in.length;
            java.util.Arrays.fill(dIn, 0f);
            for (int o = 0; o < dOut.length; o++) {
                float d = dOut[o];
                gb[o] += d;
                if (d == 0f) {
                    continue;
                }
                int row = o * n;
                for (int i = 0; i < n; i++) {
                    gw[row + i] += d * in[i];
                    dIn[i] += d * wt[row + i];
                }
            }
        }

        static void convBack(float[] in, int c, int h, int w, float[] dOut, float[] wt, float[] gw, float[] gb,
                             int oc, int k, float[] dIn) {
            int oh = h - k + 1;
            int ow = w - k + 1;
            if (dIn != null) {
                java.util.Arrays.fill(dIn, 0f);
            }
            for (int o = 0; o < oc; o++) {
                for (int oy = 0; oy < oh; oy++) {
                    for (int ox = 0; ox < ow; ox++) {
                        float d = dOut[(o * oh + oy) * ow + ox];
                        if (d == 0f) {
                            continue;
                        }
                        gb[o] += d;
                        for (int ic = 0; ic < c; ic++) {
                            int wb = (o * c + ic) * k * k;
                            int ib = ic * h * w;
                            for (int ky = 0; ky < k; ky++) {
                                int row = ib + (oy + ky) * w + ox;
                                for (int kx = 0; kx < k; kx++) {
                                    gw[wb + ky * k + kx] += d * in[row + kx];
                                    if (dIn != null) {
                                        dIn[row + kx] += d * wt[wb + ky * k + kx];
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
