package io.jprune.runtime.prune.benchmarks;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
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
 * The naive way to find a 30% cut, for comparison with the radix select: sort a copy of the magnitudes
 * ({@code Arrays.sort}, the copy included, since a caller could not sort the weights in place).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class SortBaselineBenchmark {

    /** Named apart from the other benchmarks' {@code size}, so that narrowing their sizes leaves this one alone. */
    @Param({"1000000", "16000000"})
    public int sortSize;

    private float[] magnitudes;
    private float[] copy;

    @Setup(Level.Trial)
    public void setUp() {
        SplittableRandom random = new SplittableRandom(2024);
        magnitudes = new float[sortSize];
        for (int i = 0; i < sortSize; i++) {
            magnitudes[i] = Math.abs((float) random.nextGaussian());
        }
        copy = new float[sortSize];
    }

    /** Sorts a fresh copy of |x| each time. */
    @Benchmark
    public float[] sortMagnitudes() {
        System.arraycopy(magnitudes, 0, copy, 0, sortSize);
        Arrays.sort(copy);
        return copy;
    }
}
