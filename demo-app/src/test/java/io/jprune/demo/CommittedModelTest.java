package io.jprune.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The committed weights on the committed held-out digits. */
class CommittedModelTest {

    /**
     * Correct answers of the committed weights on the 2,000 committed test digits. Changes when the
     * weights or the data change: retrain, remeasure, update here and in demo-app/README.md.
     */
    static final int EXPECTED_CORRECT = 1968;

    @Test
    void committedWeightsReach97PercentOnHeldOutDigits() {
        LeNet net = Weights.loadLeNet();
        Mnist test = Mnist.test();
        assertEquals(2000, test.size());
        int correct = 0;
        for (int i = 0; i < test.size(); i++) {
            if (net.classify(test.image(i)) == test.label(i)) {
                correct++;
            }
        }
        assertTrue(correct >= 1940, "accuracy " + correct + "/2000 below 97%");
        assertEquals(EXPECTED_CORRECT, correct, "weights or test digits changed");
    }

    @Test
    void committedData() {
        Mnist train = Mnist.train();
        Mnist test = Mnist.test();
        assertEquals(8000, train.size());
        assertEquals(2000, test.size());
        int[] perClass = new int[10];
        for (int label : test.labels()) {
            perClass[label]++;
        }
        assertEquals("[210, 236, 176, 206, 212, 176, 211, 199, 174, 200]", java.util.Arrays.toString(perClass));
        // normalisation as in PyTorch's MNIST example
        float[] x = Mnist.normalize(new byte[] {0, (byte) 255});
        assertEquals((0f - 0.1307f) / 0.3081f, x[0], 1e-6f);
        assertEquals((1f - 0.1307f) / 0.3081f, x[1], 1e-6f);
    }

    @Test
    void weightFileRoundTrip() throws Exception {
        LeNet net = Weights.loadLeNet();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Weights.write(Weights.fromLeNet(net), out);
        assertEquals(4 + 4 + 4 + 10 * 8 + "conv1.weightconv1.biasconv2.weightconv2.biasfc1.weightfc1.bias"
                .length() + "fc2.weightfc2.biasfc3.weightfc3.bias".length() + 4 * (4 + 1 + 4 + 1 + 2 + 1 + 2 + 1 + 2 + 1)
                + 4 * net.parameterCount(), out.size());
        Map<String, Weights.Tensor> tensors = Weights.read(new ByteArrayInputStream(out.toByteArray()));
        assertEquals("[conv1.weight, conv1.bias, conv2.weight, conv2.bias, fc1.weight, fc1.bias, fc2.weight, "
                + "fc2.bias, fc3.weight, fc3.bias]", tensors.keySet().toString());
        assertEquals("[16, 6, 3, 3]", java.util.Arrays.toString(tensors.get("conv2.weight").shape));
        LeNet copy = Weights.toLeNet(tensors);
        float[] image = Mnist.test().image(7);
        assertEquals(java.util.Arrays.toString(net.forward(image)), java.util.Arrays.toString(copy.forward(image)));
    }
}
