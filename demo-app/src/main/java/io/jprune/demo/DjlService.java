package io.jprune.demo;

import io.jprune.demo.djl.DjlDigitClassifier;

/**
 * Opens the DJL classifier for {@code --model djl}. Kept apart from {@link InferenceService} so that the other
 * services never load a class of DJL: they run without its jars.
 */
final class DjlService {
    private final DjlDigitClassifier classifier;
    private final String file;

    private DjlService(DjlDigitClassifier classifier, String file) {
        this.classifier = classifier;
        this.file = file;
    }

    /** The network with the weights of {@code file}, or of the model inside demo-app.jar when {@code null}. */
    static DjlService open(String file) {
        try {
            return new DjlService(DjlDigitClassifier.open(file), file);
        } catch (Exception | LinkageError e) {
            System.err.println("jprune-demo: cannot start the DJL service: " + e);
            System.exit(1);
            throw new IllegalStateException(e);
        }
    }

    DigitClassifier classifier() {
        return classifier;
    }

    String description() {
        return "cnn_mnist on DJL's " + classifier.engineDescription() + ", weights from "
                + (file == null ? "demo-app.jar" : file);
    }
}
