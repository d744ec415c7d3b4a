package io.jprune.demo;

/**
 * LeNet for 1x28x28 MNIST digits:
 * conv1 (1-&gt;6, 3x3) -&gt; relu -&gt; maxpool 2x2 (26-&gt;13) -&gt; conv2 (6-&gt;16, 3x3) -&gt; relu
 * -&gt; maxpool 2x2 (11-&gt;5) -&gt; flatten [16, 5, 5] -&gt; fc1 (400-&gt;120) -&gt; relu -&gt; fc2 (120-&gt;84)
 * -&gt; relu -&gt; fc3 (84-&gt;10).
 */
public class LeNet {

    public static final int IMAGE_SIZE = 28;
    public static final int CLASSES = 10;

    private final Conv2d conv1;
    private final Conv2d conv2;
    private final Linear fc1;
    private final Linear fc2;
    private final Linear fc3;

    public LeNet(Conv2d conv1, Conv2d conv2, Linear fc1, Linear fc2, Linear fc3) {
        this.conv1 = conv1;
        this.conv2 = conv2;
        this.fc1 = fc1;
        this.fc2 = fc2;
        this.fc3 = fc3;
    }

    /** A zero-initialised LeNet with the standard shapes. */
    public LeNet() {
        this(new Conv2d(1, 6, 3, 1), new Conv2d(6, 16, 3, 1),
                new Linear(400, 120), new Linear(120, 84), new Linear(84, 10));
    }

    /**
     * Classifies one normalized 1x28x28 image (flat, row-major).
     *
     * @return the 10 logits
     */
    public float[] forward(float[] image) {
        int size = IMAGE_SIZE;
        float[] x = conv1.forward(image, size, size);
        size = conv1.outputSize(size);                  // 26
        x = Functional.maxPool2x2(Functional.relu(x), size, size);
        size = size / 2;                                // 13
        x = conv2.forward(x, size, size);
        size = conv2.outputSize(size);                  // 11
        x = Functional.maxPool2x2(Functional.relu(x), size, size);
        // flatten: x already is [C, 5, 5] row-major, i.e. PyTorch's x.view(-1, C * 5 * 5)
        x = Functional.relu(fc1.forward(x));
        x = Functional.relu(fc2.forward(x));
        return fc3.forward(x);
    }

    /** The predicted digit for one normalized image. */
    public int classify(float[] image) {
        return Functional.argmax(forward(image));
    }

    public Conv2d getConv1() {
        return conv1;
    }

    public Conv2d getConv2() {
        return conv2;
    }

    public Linear getFc1() {
        return fc1;
    }

    public Linear getFc2() {
        return fc2;
    }

    public Linear getFc3() {
        return fc3;
    }

    public int parameterCount() {
        return conv1.parameterCount() + conv2.parameterCount()
                + fc1.parameterCount() + fc2.parameterCount() + fc3.parameterCount();
    }

    @Override
    public String toString() {
        return "LeNet(\n"
                + "  (conv1): " + conv1 + "\n"
                + "  (conv2): " + conv2 + "\n"
                + "  (fc1): " + fc1 + "\n"
                + "  (fc2): " + fc2 + "\n"
                + "  (fc3): " + fc3 + "\n"
                + ")";
    }
}
