package io.jprune.agent.bench;

import io.jprune.demo.Mnist;
import io.jprune.demo.djl.DjlDigitClassifier;
import java.io.IOException;
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
 * The demo's DJL service's work, one held-out digit through Tribuo's {@code cnn_mnist} as a DJL block on the PyTorch
 * engine, one {@code Predictor.predict}, as one thread of the service does it; with and without the agent, and
 * pruned (every weight 50% {@code l1_unstructured}, so that every layer reads a masked array through jprune's
 * {@code ParameterStore} hook).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class DjlForwardBenchmark {
    private static final List<String> WEIGHTS = List.of("conv1.weight", "conv2.weight", "fc1.weight", "fc2.weight");
    private DjlDigitClassifier classifier;
    private float[][] digits;
    private int next;

    /** Builds the network, runs it once (jprune finds the model there), then prunes as the fork's case says. */
    @Setup(Level.Trial)
    public void openAndPrepare() throws IOException {
        System.setProperty("ai.djl.pytorch.num_threads", "1");
        System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        classifier = DjlDigitClassifier.open(null);
        digits = Mnist.test().images();
        float[] unpruned = classifier.scores(digits[0]);
        Map<String, Supplier<float[]>> weights = new LinkedHashMap<>();
        for (String weight : WEIGHTS) {
            weights.put(weight, () -> LocalJprune.model("CnnMnistBlock").tensor(weight));
        }
        ForkSetup setup = ForkSetup.current();
        setup.apply("CnnMnistBlock", weights, () -> classifier.scores(digits[1]));
        if (setup.amount() != null && Arrays.equals(unpruned, classifier.scores(digits[0]))) {
            throw new IllegalStateException("the block computes what it did before the prune");
        }
    }

    /** Closes the app's model and predictor. */
    @TearDown(Level.Trial)
    public void close() {
        classifier.close();
    }

    /** Classifies the next digit: its scores. */
    @Benchmark
    public float[] classifyOneDigit() {
        float[] image = digits[next];
        next = next + 1 == digits.length ? 0 : next + 1;
        return classifier.scores(image);
    }
}
