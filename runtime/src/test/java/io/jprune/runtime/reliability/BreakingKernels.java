package io.jprune.runtime.reliability;

import io.jprune.kernels.BitMask;
import io.jprune.kernels.Kernels;
import io.jprune.kernels.cpu.CpuKernels;
import java.util.concurrent.atomic.AtomicInteger;

/** The CPU kernels, except that the N-th masked multiply fails as a broken GPU would, and release may fail. */
final class BreakingKernels implements Kernels {
    private final Kernels cpu = new CpuKernels();
    private final AtomicInteger multiplies = new AtomicInteger();
    private final int failingMultiply;
    private final boolean failingRelease;

    /**
     * @param failingMultiply which masked multiply fails (1 = the first); 0 for none
     * @param failingRelease  whether every release fails
     */
    BreakingKernels(int failingMultiply, boolean failingRelease) {
        this.failingMultiply = failingMultiply;
        this.failingRelease = failingRelease;
    }

    @Override
    public String description() {
        return "breaking kernels (test)";
    }

    @Override
    public void maskedMultiply(float[] orig, BitMask mask, float[] out) {
        if (multiplies.incrementAndGet() == failingMultiply) {
            throw new IllegalStateException("CUDA_ERROR_LAUNCH_FAILED (played by the test)");
        }
        cpu.maskedMultiply(orig, mask, out);
    }

    @Override
    public int[] smallestMagnitudes(float[] scores, BitMask candidates, int k) {
        return cpu.smallestMagnitudes(scores, candidates, k);
    }

    @Override
    public double[] sliceNorms(float[] t, int[] shape, int dim, double p) {
        return cpu.sliceNorms(t, shape, dim, p);
    }

    @Override
    public BitMask expandChannels(int[] shape, int dim, boolean[] keep) {
        return cpu.expandChannels(shape, dim, keep);
    }

    @Override
    public boolean[] channelsAlive(BitMask mask, int[] shape, int dim) {
        return cpu.channelsAlive(mask, shape, dim);
    }

    @Override
    public long countZeros(float[] t) {
        return cpu.countZeros(t);
    }

    @Override
    public void release(float[] orig) {
        if (failingRelease) {
            throw new IllegalStateException("cuMemFree failed (played by the test)");
        }
    }
}
