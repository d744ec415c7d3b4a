package io.jprune.agent.instrumentation.onnxruntime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.jprune.runtime.spi.PrivateCopy;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The sweep's private copy of an ONNX session ({@code cnn_mnist.onnx}): unchanged, it computes what the app's own
 * session does, bit for bit; with fc2's weight written as zeros its output no longer depends on the input; reset, it
 * is the app's model again. The app's session is never touched.
 */
class OnnxPrivateCopyTest {
    private static final long[] SHAPE = {1, 1, 28, 28};

    @Test
    void aCopyRunsTheAppsModelAndOnlyItsOwnExperiments() throws Exception {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession app = env.createSession(Files.readAllBytes(OnnxStructureTest.MNIST),
                new OrtSession.SessionOptions())) {
            SessionRecord record = new SessionRecord(app, ModelSource.of(OnnxStructureTest.MNIST.toString(), app),
                    null);
            float[] first = image(1);
            float[] second = image(2);
            PrivateCopy copy = OnnxPrivateCopy.copier(record).copy(app, null);
            try {
                assertArrayEquals(outputOf(env, app, first), run(copy, first), "the copy is the app's model");
                assertArrayEquals(outputOf(env, app, second), run(copy, second));

                copy.write("fc2.weight", new float[10 * 50]);
                float[] zeroedFirst = run(copy, first);
                assertArrayEquals(zeroedFirst, run(copy, second), "without fc2's weight the input no longer counts");
                assertFalse(Arrays.equals(zeroedFirst, outputOf(env, app, first)));
                assertArrayEquals(outputOf(env, app, first), outputOf(env, app, first),
                        "the app's session computes as before");

                copy.reset("fc2.weight");
                assertArrayEquals(outputOf(env, app, first), run(copy, first), "reset, the copy is the app's again");
            } finally {
                copy.close();
            }
            assertNull(new OnnxInputForm().floats(Map.of("input_image", new Object())),
                    "a run's inputs are no array of floats");
        }
    }

    private static float[] run(PrivateCopy copy, float[] image) {
        OnnxRun run = new OnnxRun(Map.of("input_image", SHAPE), Map.of("input_image", image));
        return (float[]) copy.forward(new Object[] {run});
    }

    private static float[] outputOf(OrtEnvironment env, OrtSession session, float[] image) throws Exception {
        try (OnnxTensor input = OnnxTensor.createTensor(env, FloatBuffer.wrap(image), SHAPE);
             OrtSession.Result result = session.run(Map.of("input_image", input))) {
            OnnxTensor output = (OnnxTensor) result.get(0);
            FloatBuffer buffer = output.getFloatBuffer();
            float[] values = new float[buffer.remaining()];
            buffer.get(values);
            return values;
        }
    }

    private static float[] image(long seed) {
        Random random = new Random(seed);
        float[] image = new float[28 * 28];
        for (int i = 0; i < image.length; i++) {
            image[i] = random.nextFloat() * 2 - 0.5f;
        }
        return image;
    }
}
