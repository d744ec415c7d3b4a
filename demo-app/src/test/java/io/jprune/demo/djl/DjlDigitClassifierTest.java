package io.jprune.demo.djl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jprune.demo.Mnist;
import io.jprune.demo.onnx.OnnxDigitClassifier;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The DJL service is Tribuo's cnn_mnist, weight for weight: it must name the digit ONNX Runtime names for every one
 * of the held-out digits, which is what lets the end-to-end tests compare the two services' accuracy curves.
 */
class DjlDigitClassifierTest {

    @Test
    void readsTheFourLayersOfCnnMnistFromTheOnnxFile() throws Exception {
        byte[] file;
        try (var in = DjlDigitClassifier.class.getResourceAsStream(DjlDigitClassifier.RESOURCE)) {
            file = in.readAllBytes();
        }
        Map<String, OnnxInitializers.Tensor> weights = OnnxInitializers.read(file);
        assertEquals(java.util.Set.of("conv1.weight", "conv1.bias", "conv2.weight", "conv2.bias", "fc1.weight",
                "fc1.bias", "fc2.weight", "fc2.bias"), weights.keySet());
        assertArrayEquals(new long[] {10, 1, 5, 5}, weights.get("conv1.weight").dims());
        assertArrayEquals(new long[] {50, 320}, weights.get("fc1.weight").dims());
        assertEquals(50 * 320, weights.get("fc1.weight").values().length);
    }

    @Test
    void namesTheDigitOnnxRuntimeNamesForEveryHeldOutDigit() throws Exception {
        Mnist test = Mnist.test();
        int correct = 0;
        try (DjlDigitClassifier djl = DjlDigitClassifier.open(null);
             OnnxDigitClassifier onnx = OnnxDigitClassifier.open(null)) {
            for (int i = 0; i < test.size(); i++) {
                float[] image = test.image(i);
                int digit = djl.classify(image);
                assertEquals(onnx.classify(image), digit, "digit " + i);
                correct += digit == test.label(i) ? 1 : 0;
            }
        }
        assertEquals(1978, correct);
    }
}
