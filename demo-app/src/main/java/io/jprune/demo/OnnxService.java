package io.jprune.demo;

import io.jprune.demo.onnx.OnnxDigitClassifier;

/**
 * Opens the ONNX Runtime classifier for {@code --model onnx}. Kept apart from {@link InferenceService} so that the
 * LeNet service never loads a class of ONNX Runtime: it runs without lib/onnxruntime.jar.
 */
final class OnnxService {
    private final OnnxDigitClassifier classifier;
    private final String file;

    private OnnxService(OnnxDigitClassifier classifier, String file) {
        this.classifier = classifier;
        this.file = file;
    }

    /** The model at {@code file}, or the one inside demo-app.jar when {@code null}; exits the JVM if it cannot. */
    static OnnxService open(String file) {
        try {
            return new OnnxService(OnnxDigitClassifier.open(file), file);
        } catch (Exception | LinkageError e) {
            System.err.println("jprune-demo: cannot start the ONNX Runtime service: " + e);
            System.exit(1);
            throw new IllegalStateException(e);
        }
    }

    DigitClassifier classifier() {
        return classifier;
    }

    String description() {
        return "cnn_mnist.onnx loaded from " + (file == null ? "demo-app.jar" : file) + " on ONNX Runtime "
                + classifier.runtimeVersion();
    }
}
