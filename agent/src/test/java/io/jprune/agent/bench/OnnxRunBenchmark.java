package io.jprune.agent.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.jprune.demo.Mnist;
import io.jprune.demo.onnx.OnnxDigitClassifier;

import java.io.IOException;
import java.io.InputStream;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The demo's ONNX Runtime service's work, one held-out digit through {@code cnn_mnist.onnx} in one
 * {@code OrtSession.run}, as one thread of the service does it; with and without the agent, and pruned (every
 * weight 50% {@code l1_unstructured}, so that runs go to jprune's replacement session). ONNX Runtime runs on one
 * thread ({@link #oneThread()}): its own thread pool fought the forks for the cores and made single forks range
 * from 0.46 to 2.17 of each other.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class OnnxRunBenchmark {
    private static final List<String> WEIGHTS = List.of("conv1.weight", "conv2.weight", "fc1.weight", "fc2.weight");
    private OrtEnvironment environment;
    private OrtSession session;
    private float[][] digits;
    private int next;

    /** Opens the session from a file named after the model, runs it once (jprune registers it there), then prunes. */
    @Setup(Level.Trial)
    public void openAndPrepare() throws IOException, OrtException {
        Path model = Files.createTempDirectory("jprune-bench").resolve("cnn_mnist.onnx");
        try (InputStream in = OnnxDigitClassifier.class.getResourceAsStream(OnnxDigitClassifier.RESOURCE)) {
            Files.write(model, in.readAllBytes());
        }
        environment = OrtEnvironment.getEnvironment();
        session = environment.createSession(model.toString(), oneThread());
        digits = Mnist.test().images();
        float[] unpruned = run(digits[0]);
        ForkSetup setup = ForkSetup.current();
        Map<String, Supplier<float[]>> weights = new LinkedHashMap<>();
        for (String weight : WEIGHTS) {
            weights.put(weight, () -> LocalJprune.model("cnn_mnist").tensor(weight));
        }
        setup.apply("cnn_mnist", weights, () -> run(digits[1]));
        if (setup.amount() != null && Arrays.equals(unpruned, run(digits[0]))) {
            throw new IllegalStateException("the session computes what it did before the prune");
        }
    }

    /** Session options with one intra-op and one inter-op thread, as the ONNX benchmarks' apps use. */
    static OrtSession.SessionOptions oneThread() throws OrtException {
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        options.setIntraOpNumThreads(1);
        options.setInterOpNumThreads(1);
        return options;
    }

    /** Closes the app's session. */
    @TearDown(Level.Trial)
    public void close() throws OrtException {
        session.close();
    }

    /** Classifies the next digit: its logits. */
    @Benchmark
    public float[] classifyOneDigit() {
        float[] image = digits[next];
        next = next + 1 == digits.length ? 0 : next + 1;
        return run(image);
    }

    private float[] run(float[] image) {
        try (OnnxTensor tensor = OnnxTensor.createTensor(environment, FloatBuffer.wrap(image), new long[] {1, 1, 28, 28});
             OrtSession.Result result = session.run(Map.of("input_image", tensor))) {
            return ((float[][]) result.get(0).getValue())[0];
        } catch (OrtException e) {
            throw new IllegalStateException(e);
        }
    }
}
