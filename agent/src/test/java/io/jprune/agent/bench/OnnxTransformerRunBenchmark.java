package io.jprune.agent.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
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
 * One {@code OrtSession.run} of a {@link TransformerOnnx} encoder ({@value TransformerOnnx#TOKENS} tokens, about 22M
 * parameters) on one ONNX Runtime thread, with and without the agent, and pruned (layer 0's four attention weights
 * 50% {@code l1_unstructured}, so that every run goes to jprune's replacement session).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class OnnxTransformerRunBenchmark {
    private OrtEnvironment environment;
    private OrtSession session;
    private float[] input;

    /** Writes the model, opens a session from its file, runs it once (jprune registers it there), then prunes. */
    @Setup(Level.Trial)
    public void openAndPrepare() throws IOException, OrtException {
        Path model = TransformerOnnx.write(Files.createTempDirectory("jprune-bench").resolve(TransformerOnnx.NAME
                + ".onnx"));
        environment = OrtEnvironment.getEnvironment();
        session = environment.createSession(model.toString(), OnnxRunBenchmark.oneThread());
        input = TransformerOnnx.input();
        float[] unpruned = run();
        Map<String, Supplier<float[]>> weights = new LinkedHashMap<>();
        for (String weight : TransformerOnnx.LAYER_0_ATTENTION) {
            weights.put(weight, () -> LocalJprune.model(TransformerOnnx.NAME).tensor(weight));
        }
        ForkSetup setup = ForkSetup.current();
        setup.apply(TransformerOnnx.NAME, weights, this::run);
        if (setup.amount() != null && Arrays.equals(unpruned, run())) {
            throw new IllegalStateException("the session computes what it did before the prune");
        }
    }

    /** Closes the app's session. */
    @TearDown(Level.Trial)
    public void close() throws OrtException {
        session.close();
    }

    /** Encodes the tokens: the output's values. */
    @Benchmark
    public float[] encode() {
        return run();
    }

    private float[] run() {
        try (OnnxTensor tensor = OnnxTensor.createTensor(environment, FloatBuffer.wrap(input),
                new long[] {1, TransformerOnnx.TOKENS, TransformerOnnx.WIDTH});
             OrtSession.Result result = session.run(Map.of("x", tensor))) {
            return ((float[][][]) result.get(0).getValue())[0][0];
        } catch (OrtException e) {
            throw new IllegalStateException(e);
        }
    }
}
