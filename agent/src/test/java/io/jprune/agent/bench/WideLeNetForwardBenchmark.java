package io.jprune.agent.bench;

import io.jprune.demo.LeNet;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The same six hooked forwards as {@link LeNetForwardBenchmark} on a model a thousand times larger
 * ({@link RandomLayers#wideLeNet}, about 52 million parameters): jprune's cost per forward is per hook, not
 * per weight, so its share should shrink, not grow.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class WideLeNetForwardBenchmark {
    private LeNet model;
    private float[][] images;
    private int next;

    /** Builds the model, runs its first forward (jprune registers it there), then prunes as the driver asks. */
    @Setup(Level.Trial)
    public void buildAndPrepare() {
        model = RandomLayers.wideLeNet(52);
        images = RandomLayers.inputs(16, 28 * 28, 7);
        model.forward(images[0]);
        ForkSetup.current().apply("LeNet", LeNetForwardBenchmark.weightsOf(model), () -> model.forward(images[1]));
    }

    /** One input through the whole model. */
    @Benchmark
    public float[] classifyOneInput() {
        float[] image = images[next];
        next = (next + 1) & 15;
        return model.forward(image);
    }
}
