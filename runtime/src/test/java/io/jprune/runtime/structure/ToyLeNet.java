package io.jprune.runtime.structure;

import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The demo's LeNet, written out here because the runtime cannot depend on the demo: conv1 (1-&gt;6, 3x3) -&gt;
 * relu -&gt; maxpool -&gt; conv2 (6-&gt;16, 3x3) -&gt; relu -&gt; maxpool -&gt; flatten [16, 5, 5] -&gt; fc1 (400-&gt;120)
 * -&gt; relu -&gt; fc2 (120-&gt;84) -&gt; relu -&gt; fc3 (84-&gt;10). The layers read their dims on every forward.
 */
final class ToyLeNet implements ToyModel {
    static final int SIDE = 28;

    final ToyConv2d conv1;
    final ToyConv2d conv2;
    final ToyLinear fc1;
    final ToyLinear fc2;
    final ToyLinear fc3;

    ToyLeNet(ToyConv2d conv1, ToyConv2d conv2, ToyLinear fc1, ToyLinear fc2, ToyLinear fc3) {
        this.conv1 = conv1;
        this.conv2 = conv2;
        this.fc1 = fc1;
        this.fc2 = fc2;
        this.fc3 = fc3;
    }

    /** Seeded random weights of the demo's shapes, and biases mostly positive so that pruned channels still deliver. */
    static ToyLeNet random(long seed) {
        Random random = new Random(seed);
        return new ToyLeNet(
                new ToyConv2d("conv1", 1, 6, 3, 0, gaussian(random, 54, 0.4), uniform(random, 6, -0.3, 0.8)),
                new ToyConv2d("conv2", 6, 16, 3, 0, gaussian(random, 864, 0.15), uniform(random, 16, -0.3, 0.8)),
                new ToyLinear("fc1", 400, 120, gaussian(random, 48000, 0.05), uniform(random, 120, -0.3, 0.8)),
                new ToyLinear("fc2", 120, 84, gaussian(random, 10080, 0.1), uniform(random, 84, -0.3, 0.8)),
                new ToyLinear("fc3", 84, 10, gaussian(random, 840, 0.1), uniform(random, 10, -0.3, 0.3)));
    }

    /** The demo's trained weights, by state_dict name. */
    static ToyLeNet of(Map<String, float[]> tensors) {
        return new ToyLeNet(
                new ToyConv2d("conv1", 1, 6, 3, 0, tensors.get("conv1.weight"), tensors.get("conv1.bias")),
                new ToyConv2d("conv2", 6, 16, 3, 0, tensors.get("conv2.weight"), tensors.get("conv2.bias")),
                new ToyLinear("fc1", 400, 120, tensors.get("fc1.weight"), tensors.get("fc1.bias")),
                new ToyLinear("fc2", 120, 84, tensors.get("fc2.weight"), tensors.get("fc2.bias")),
                new ToyLinear("fc3", 84, 10, tensors.get("fc3.weight"), tensors.get("fc3.bias")));
    }

    static float[] gaussian(Random random, int n, double scale) {
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = (float) (random.nextGaussian() * scale);
        }
        return values;
    }

    static float[] uniform(Random random, int n, double low, double high) {
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = (float) (low + random.nextDouble() * (high - low));
        }
        return values;
    }

    /** Random 28x28 images. */
    static List<float[]> images(long seed, int count) {
        Random random = new Random(seed);
        float[][] images = new float[count][];
        for (int i = 0; i < count; i++) {
            images[i] = gaussian(random, SIDE * SIDE, 1.0);
        }
        return List.of(images);
    }

    @Override
    public float[] forward(float[] image, ForwardHook hook) {
        int size = SIDE;
        float[] x = hook.exit("conv1", image, conv1.forward(image, size, size));
        size = conv1.outputSize(size);
        x = Ops.maxPool2x2(Ops.relu(x), size, size);
        size = size / 2;
        float[] pooled = x;
        x = hook.exit("conv2", pooled, conv2.forward(pooled, size, size));
        size = conv2.outputSize(size);
        x = Ops.maxPool2x2(Ops.relu(x), size, size);
        float[] flat = x;
        x = Ops.relu(hook.exit("fc1", flat, fc1.forward(flat)));
        float[] h1 = x;
        x = Ops.relu(hook.exit("fc2", h1, fc2.forward(h1)));
        float[] h2 = x;
        float[] logits = hook.exit("fc3", h2, fc3.forward(h2));
        return hook.exit("", image, logits);
    }

    @Override
    public List<ToyLayer> layers() {
        return List.of(conv1, conv2, fc1, fc2, fc3);
    }
}
