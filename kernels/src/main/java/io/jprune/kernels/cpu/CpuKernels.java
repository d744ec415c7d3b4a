package io.jprune.kernels.cpu;

import io.jprune.kernels.BitMask;
import io.jprune.kernels.Kernels;
import java.util.function.IntFunction;

/**
 * The kernels in plain Java, always available: the reference the GPU kernels must match bit for bit, and
 * the fallback wherever no GPU is. Large inputs are split into chunks run on all cores by jprune's own
 * daemon pool; small ones run on the caller's thread.
 */
public final class CpuKernels implements Kernels {
    private final IntFunction<ParallelChunks> chunking;

    /** Kernels that use every core for large inputs. */
    public CpuKernels() {
        this(ParallelChunks::of);
    }

    /**
     * Kernels that split large inputs as a machine with {@code workers} cores would (the threads are still
     * jprune's own pool), so that a test on any machine can check that masks do not depend on the core count.
     */
    public static CpuKernels splittingAsIfOn(int workers) {
        ParallelChunks.forWorkers(0, workers);
        return new CpuKernels(n -> ParallelChunks.forWorkers(n, workers));
    }

    /** Kernels with a fixed chunk size, so that tests reach the parallel paths with small inputs. */
    CpuKernels(IntFunction<ParallelChunks> chunking) {
        this.chunking = chunking;
    }

    @Override
    public String description() {
        int threads = ParallelChunks.threads();
        return "cpu (" + threads + (threads == 1 ? " thread)" : " threads)");
    }

    @Override
    public void maskedMultiply(float[] orig, BitMask mask, float[] out) {
        if (mask.size() != orig.length || out.length != orig.length) {
            throw new IllegalArgumentException("orig, mask and out must have one size, got " + orig.length
                    + ", " + mask.size() + " and " + out.length);
        }
        long[] words = mask.wordsView();
        ParallelChunks chunks = chunking.apply(orig.length);
        chunks.run(c -> MaskedProduct.multiply(orig, words, out, chunks.start(c), chunks.end(c)));
    }

    @Override
    public int[] smallestMagnitudes(float[] scores, BitMask candidates, int k) {
        return MagnitudeSelection.smallest(scores, candidates, k, chunking.apply(scores.length));
    }

    @Override
    public BitMask pruneSmallestMagnitudes(float[] scores, BitMask candidates, int k, BitMask defaultMask) {
        return MagnitudeSelection.prune(scores, candidates, k, defaultMask, chunking.apply(scores.length));
    }

    @Override
    public double[] sliceNorms(float[] t, int[] shape, int dim, double p) {
        return SliceNorms.compute(t, shape, dim, p, chunking.apply(t.length));
    }

    @Override
    public BitMask expandChannels(int[] shape, int dim, boolean[] keep) {
        return ChannelMasks.expand(shape, dim, keep);
    }

    @Override
    public boolean[] channelsAlive(BitMask mask, int[] shape, int dim) {
        return ChannelMasks.alive(mask, shape, dim);
    }

    @Override
    public long countZeros(float[] t) {
        ParallelChunks chunks = chunking.apply(t.length);
        long[] counts = new long[chunks.count()];
        chunks.run(c -> {
            long zeros = 0;
            for (int i = chunks.start(c), end = chunks.end(c); i < end; i++) {
                if (t[i] == 0f) {
                    zeros++;
                }
            }
            counts[c] = zeros;
        });
        long zeros = 0;
        for (long count : counts) {
            zeros += count;
        }
        return zeros;
    }

    @Override
    public String toString() {
        return description();
    }
}
