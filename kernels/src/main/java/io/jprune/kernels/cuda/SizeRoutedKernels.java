package io.jprune.kernels.cuda;

import io.jprune.kernels.BitMask;
import io.jprune.kernels.Kernels;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The auto backend: tensors of at least {@code threshold} elements go to the GPU, smaller ones stay on
 * the CPU, where the transfers would cost more than the work. If the GPU fails during a call, the call
 * is answered by the CPU and the GPU is not used again in this JVM (one log line says why), so that a
 * sick device never fails the host application's pruning: a driver error, and equally any other
 * exception or linkage error from the GPU path; only argument errors, which the CPU would raise too,
 * pass through.
 */
public final class SizeRoutedKernels implements Kernels {
    private final Kernels cpu;
    private final Kernels gpu;
    private final long threshold;
    private final Consumer<String> log;
    private volatile boolean gpuFailed;

    /**
     * @param threshold the smallest number of elements worth sending to the GPU
     * @param log       receives the one line written when the GPU fails
     */
    public SizeRoutedKernels(Kernels cpu, Kernels gpu, long threshold, Consumer<String> log) {
        this.cpu = cpu;
        this.gpu = gpu;
        this.threshold = threshold;
        this.log = log;
    }

    @Override
    public String description() {
        if (gpuFailed) {
            return cpu.description() + " (the GPU failed)";
        }
        return gpu.description() + " for tensors of " + threshold + " elements or more, " + cpu.description()
                + " below";
    }

    @Override
    public void maskedMultiply(float[] orig, BitMask mask, float[] out) {
        route(orig.length, () -> {
            gpu.maskedMultiply(orig, mask, out);
            return null;
        }, () -> {
            cpu.maskedMultiply(orig, mask, out);
            return null;
        });
    }

    @Override
    public int[] smallestMagnitudes(float[] scores, BitMask candidates, int k) {
        return route(scores.length, () -> gpu.smallestMagnitudes(scores, candidates, k),
                () -> cpu.smallestMagnitudes(scores, candidates, k));
    }

    @Override
    public BitMask pruneSmallestMagnitudes(float[] scores, BitMask candidates, int k, BitMask defaultMask) {
        return route(scores.length, () -> gpu.pruneSmallestMagnitudes(scores, candidates, k, defaultMask),
                () -> cpu.pruneSmallestMagnitudes(scores, candidates, k, defaultMask));
    }

    @Override
    public double[] sliceNorms(float[] t, int[] shape, int dim, double p) {
        return route(t.length, () -> gpu.sliceNorms(t, shape, dim, p), () -> cpu.sliceNorms(t, shape, dim, p));
    }

    @Override
    public BitMask expandChannels(int[] shape, int dim, boolean[] keep) {
        long numel = 1;
        for (int size : shape) {
            numel *= size;
        }
        return route(numel, () -> gpu.expandChannels(shape, dim, keep), () -> cpu.expandChannels(shape, dim, keep));
    }

    @Override
    public boolean[] channelsAlive(BitMask mask, int[] shape, int dim) {
        return route(mask.size(), () -> gpu.channelsAlive(mask, shape, dim), () -> cpu.channelsAlive(mask, shape, dim));
    }

    @Override
    public long countZeros(float[] t) {
        return route(t.length, () -> gpu.countZeros(t), () -> cpu.countZeros(t));
    }

    @Override
    public void release(float[] orig) {
        if (!gpuFailed) {
            try {
                gpu.release(orig);
            } catch (CudaException e) {
                giveUpGpu(e);
            } catch (RuntimeException | LinkageError e) {
                giveUpGpu(CudaException.unexpected(e));
            }
        }
        cpu.release(orig);
    }

    private <T> T route(long elements, Supplier<T> onGpu, Supplier<T> onCpu) {
        if (elements < threshold || gpuFailed) {
            return onCpu.get();
        }
        try {
            return onGpu.get();
        } catch (CudaException e) {
            giveUpGpu(e);
        } catch (IllegalArgumentException e) {
            throw e;
        } catch (RuntimeException | LinkageError e) {
            giveUpGpu(CudaException.unexpected(e));
        }
        return onCpu.get();
    }

    private synchronized void giveUpGpu(CudaException e) {
        if (!gpuFailed) {
            gpuFailed = true;
            log.accept("[jprune] the GPU failed (" + e.getMessage() + "); computing on the CPU from now on");
        }
    }
}
