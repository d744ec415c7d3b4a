package io.jprune.demo.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.jprune.demo.DigitClassifier;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.FloatBuffer;
import java.util.Map;

/**
 * Classifies digits with {@code cnn_mnist.onnx}, a PyTorch-exported CNN from Tribuo's tests ({@code conv1}
 * {@code [10,1,5,5]}, {@code conv2} {@code [20,10,5,5]}, {@code fc1} {@code [50,320]}, {@code fc2} {@code [10,50]};
 * input {@code input_image [-1,1,28,28]}), on one ONNX Runtime session shared by every inference thread, as
 * services hold theirs.
 */
public final class OnnxDigitClassifier implements DigitClassifier, AutoCloseable {
    /** The model inside demo-app.jar, taken from Tribuo's test jar by the build. */
    public static final String RESOURCE = "/org/tribuo/interop/onnx/cnn_mnist.onnx";
    private static final long[] ONE_IMAGE = {1, 1, 28, 28};

    private final OrtEnvironment environment;
    private final OrtSession session;
    private final String input;

    private OnnxDigitClassifier(OrtEnvironment environment, OrtSession session) throws OrtException {
        this.environment = environment;
        this.session = session;
        this.input = session.getInputNames().iterator().next();
    }

    /** The model at {@code path} (a file), or the one inside demo-app.jar when {@code path} is {@code null}. */
    public static OnnxDigitClassifier open(String path) throws OrtException {
        OrtEnvironment environment = OrtEnvironment.getEnvironment();
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        OrtSession session = path != null ? environment.createSession(path, options)
                : environment.createSession(bundledModel(), options);
        return new OnnxDigitClassifier(environment, session);
    }

    private static byte[] bundledModel() {
        try (InputStream in = OnnxDigitClassifier.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the class path; build demo-app");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The ONNX Runtime version the app runs on. */
    public String runtimeVersion() {
        return environment.getVersion();
    }

    @Override
    public int classify(float[] image) {
        try (OnnxTensor tensor = OnnxTensor.createTensor(environment, FloatBuffer.wrap(image), ONE_IMAGE);
             OrtSession.Result result = session.run(Map.of(input, tensor))) {
            float[] scores = ((float[][]) result.get(0).getValue())[0];
            int best = 0;
            for (int k = 1; k < scores.length; k++) {
                if (scores[k] > scores[best]) {
                    best = k;
                }
            }
            return best;
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() throws OrtException {
        session.close();
    }
}
