package io.jprune.agent.bench;

import io.jprune.demo.Linear;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * How long a person waits for {@code l1_unstructured} amount=0.3 on one parameter of 1M to 64M floats: the
 * whole JMX call in the app's JVM (dispatch, mask, {@code orig * mask}, installing it into the app's field).
 * Each measured call is a first prune: the parameter is restored, untimed, before every iteration.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class PruneLatencyBenchmark {
    /** Input features of the layer; the weight is {@code [size / IN, IN]}. */
    static final int IN = 1024;

    /** Floats in the weight: 1M, 4M, 16M, 64M (powers of two, so that the layer is {@code [size/1024, 1024]}). */
    @Param({"1048576", "4194304", "16777216", "67108864"})
    public int size;

    private Linear layer;
    private LocalJprune jprune;

    /** Builds one linear layer and runs its first forward: on its own it is a model, named Linear. */
    @Setup(Level.Trial)
    public void build() {
        layer = RandomLayers.linear(IN, size / IN, new SplittableRandom(size));
        layer.forward(new float[IN]);
        ForkSetup.current().apply("Linear", Map.of(), () -> layer.forward(new float[IN]));
        jprune = LocalJprune.model("Linear");
    }

    /** Puts the original weight back, so that the next call is a first prune again. */
    @Setup(Level.Iteration)
    public void restore() {
        jprune.restore("weight");
    }

    /** The call a person makes: {@code prune.l1_unstructured(linear, "weight", amount=0.3)}. */
    @Benchmark
    public String l1UnstructuredThirtyPercent() {
        return jprune.l1Unstructured("weight", "0.3");
    }

    /** Checks, untimed, that the app's field holds the pruned weight after the call. */
    @TearDown(Level.Iteration)
    public void checkInstalled() {
        long zeros = ForkSetup.countZeros(layer.getWeight());
        if (zeros < (long) (0.3 * size)) {
            throw new IllegalStateException("the app reads " + zeros + " zeros of " + size + " after pruning 30%");
        }
    }
}
