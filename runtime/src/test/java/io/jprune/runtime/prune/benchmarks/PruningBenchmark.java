package io.jprune.runtime.prune.benchmarks;

import io.jprune.kernels.BitMask;
import io.jprune.kernels.Kernels;
import io.jprune.kernels.cpu.CpuKernels;
import io.jprune.runtime.prune.Amount;
import io.jprune.runtime.prune.L1Unstructured;
import io.jprune.runtime.tensor.Shape;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The engine's two hot operations against the memory-bound floor they should approach: L1 selection at
 * 30% against one streaming pass over the same floats (and against sorting them), masked multiply
 * against {@code System.arraycopy}. Run through {@link PruningBenchmarks}, which prints the ratios.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx8g"})
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class PruningBenchmark {
    private static final int STREAM_CHUNKS = 64;

    @Param({"1000000", "16000000", "64000000"})
    public int size;

    private final Kernels kernels = new CpuKernels();
    private final L1Unstructured l1 = new L1Unstructured(Amount.fraction(0.3));
    private Shape shape;
    private float[] weights;
    private BitMask ones;
    private BitMask mask;
    private float[] out;

    @Setup(Level.Trial)
    public void setUp() {
        SplittableRandom random = new SplittableRandom(2024);
        weights = new float[size];
        for (int i = 0; i < size; i++) {
            weights[i] = (float) random.nextGaussian();
        }
        shape = Shape.of(size);
        ones = BitMask.ones(size);
        mask = l1.computeMask(weights, shape, ones, kernels);
        out = new float[size];
    }

    /** L1 selection of 30% of the entries: the mask of a first {@code l1_unstructured}. */
    @Benchmark
    public BitMask l1Unstructured() {
        return l1.computeMask(weights, shape, ones, kernels);
    }

    /** One read of every float on one thread: counts those under a magnitude, as a threshold would. */
    @Benchmark
    public int streamingPass() {
        return countBelow(weights, 0, size);
    }

    /** The same pass on all cores, as the selection runs. */
    @Benchmark
    public int streamingPassParallel() {
        int chunk = (size + STREAM_CHUNKS - 1) / STREAM_CHUNKS;
        return IntStream.range(0, STREAM_CHUNKS).parallel()
                .map(c -> countBelow(weights, c * chunk, Math.min(size, (c + 1) * chunk))).sum();
    }

    private static int countBelow(float[] values, int from, int to) {
        int count = 0;
        for (int i = from; i < to; i++) {
            count += (Float.floatToRawIntBits(values[i]) & 0x7fffffff) < 0x3f000000 ? 1 : 0;
        }
        return count;
    }

    /** {@code out = weights * mask}, what every new mask costs before the model can use it. */
    @Benchmark
    public float[] maskedMultiply() {
        kernels.maskedMultiply(weights, mask, out);
        return out;
    }

    /** Copying the same floats: the floor for producing the pruned weight. */
    @Benchmark
    public float[] arraycopy() {
        System.arraycopy(weights, 0, out, 0, size);
        return out;
    }
}
