package io.jprune.demo;

/**
 * What the inference service asks of a model: the digit in one normalized 1x28x28 image. The LeNet service and the
 * ONNX Runtime service differ only in this.
 */
@FunctionalInterface
public interface DigitClassifier {

    /** The predicted digit, 0..9. */
    int classify(float[] image);
}
