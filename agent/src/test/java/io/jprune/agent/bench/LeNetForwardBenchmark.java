package io.jprune.agent.bench;

import io.jprune.demo.LeNet;
import io.jprune.demo.Mnist;
import io.jprune.demo.Weights;
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

/**
 * The demo service's work, one held-out digit through its trained LeNet, as one thread of the service does it.
 * The driver runs it with and without the agent and with the weights pruned (see {@link ForkSetup}); the
 * benchmark itself is the same code in every case.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class LeNetForwardBenchmark {
    private LeNet lenet;
    private float[][] digits;
    private int next;

    /** Loads the demo's model and digits, runs the first forward (jprune registers the model there), then prunes. */
    @Setup(Level.Trial)
    public void loadAndPrepare() {
        lenet = Weights.loadLeNet();
        digits = Mnist.test().images();
        lenet.forward(digits[0]);
        ForkSetup.current().apply("LeNet", weightsOf(lenet), () -> lenet.forward(digits[1]));
    }

    /** Every weight tensor of LeNet (biases are not pruned), read live from the app's fields. */
    static Map<String, Supplier<float[]>> weightsOf(LeNet net) {
        Map<String, Supplier<float[]>> weights = new LinkedHashMap<>();
        weights.put("conv1.weight", () -> net.getConv1().getWeight());
        weights.put("conv2.weight", () -> net.getConv2().getWeight());
        weights.put("fc1.weight", () -> net.getFc1().getWeight());
        weights.put("fc2.weight", () -> net.getFc2().getWeight());
        weights.put("fc3.weight", () -> net.getFc3().getWeight());
        return weights;
    }

    /** Classifies the next digit (named so that jprune's default forward name does not match it). */
    @Benchmark
    public float[] classifyOneDigit() {
        float[] image = digits[next];
        next = next + 1 == digits.length ? 0 : next + 1;
        return lenet.forward(image);
    }
}
