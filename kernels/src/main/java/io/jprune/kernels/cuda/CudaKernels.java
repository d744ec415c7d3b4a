package io.jprune.kernels.cuda;

import io.jprune.kernels.BitMask;
import io.jprune.kernels.Kernels;
import io.jprune.kernels.cuda.CudaDevice.Kernel;
import java.util.function.Supplier;

/**
 * The kernels on a CUDA GPU (jprune.ptx through the driver API). Masks and indices are bit for bit
 * those of the CPU implementation: the selection uses the same tie rule, the norms are accumulated in
 * double in the CPU's own order ({@link io.jprune.kernels.SliceNormOrder}; bit for bit for p = 0, 1, 2,
 * inf and -inf, up to pow's last bits otherwise), and the choice among norms is made by the engine on
 * the host for both.
 * Empty tensors, which no kernel needs to see, are answered by the CPU twin.
 *
 * <p>Obtained from {@link CudaProbe}, which only hands it out after the device passed a self-test.
 */
public final class CudaKernels implements Kernels {
    private final CudaDevice device;
    private final DeviceCopies copies;
    private final Kernels cpu;
    private final String description;

    CudaKernels(CudaDevice device, Kernels cpu, String description) {
        this.device = device;
        this.copies = new DeviceCopies(device);
        this.cpu = cpu;
        this.description = description;
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public void maskedMultiply(float[] orig, BitMask mask, float[] out) {
        if (mask.size() != orig.length || out.length != orig.length) {
            throw new IllegalArgumentException("orig, mask and out must have one size, got " + orig.length
                    + ", " + mask.size() + " and " + out.length);
        }
        if (orig.length == 0) {
            return;
        }
        onDevice(() -> {
            long origPointer = copies.original(orig);
            long maskPointer = copies.mask(orig, mask);
            try (DeviceAllocations scratch = new DeviceAllocations(device)) {
                long outPointer = scratch.floats(orig.length);
                launchMaskedMultiply(origPointer, maskPointer, outPointer, orig.length);
                device.download(outPointer, out);
            }
            return null;
        });
    }

    void launchMaskedMultiply(long orig, long mask, long out, int n) {
        try (KernelArguments args = new KernelArguments().pointer(orig).pointer(mask).pointer(out).int32(n)) {
            device.launch(Kernel.MASKED_MULTIPLY, device.gridFor((n + 3L) / 4), 1, args);
        }
    }

    @Override
    public int[] smallestMagnitudes(float[] scores, BitMask candidates, int k) {
        checkSelection(scores, candidates, k);
        if (k == 0) {
            return new int[0];
        }
        return onDevice(() -> {
            try (DeviceAllocations scratch = new DeviceAllocations(device)) {
                long scoresPointer = deviceCopy(scores, scratch);
                long candidatesPointer = candidates == null ? 0 : scratch.upload(candidates.wordsView());
                long out = scratch.ints(k);
                RadixSelection.select(DeviceRadixPasses.writingIndices(device, scratch, scoresPointer,
                        candidatesPointer, scores.length, out), k);
                int[] indices = new int[k];
                device.download(out, indices);
                return indices;
            }
        });
    }

    /** Built on the device: n/8 bytes of mask come back instead of k indices. */
    @Override
    public BitMask pruneSmallestMagnitudes(float[] scores, BitMask candidates, int k, BitMask defaultMask) {
        if (defaultMask.size() != scores.length) {
            throw new IllegalArgumentException("defaultMask has " + defaultMask.size() + " elements but scores has "
                    + scores.length);
        }
        checkSelection(scores, candidates, k);
        if (k == 0) {
            return defaultMask.copy();
        }
        return onDevice(() -> {
            try (DeviceAllocations scratch = new DeviceAllocations(device)) {
                long scoresPointer = deviceCopy(scores, scratch);
                long candidatesPointer = candidates == null ? 0 : scratch.upload(candidates.wordsView());
                long[] words = defaultMask.words();
                long mask = scratch.upload(words);
                RadixSelection.select(DeviceRadixPasses.clearingMask(device, scratch, scoresPointer,
                        candidatesPointer, scores.length, mask), k);
                device.download(mask, words);
                return BitMask.ofWords(scores.length, words);
            }
        });
    }

    private static void checkSelection(float[] scores, BitMask candidates, int k) {
        if (candidates != null && candidates.size() != scores.length) {
            throw new IllegalArgumentException("candidates has " + candidates.size()
                    + " elements but scores has " + scores.length);
        }
        int available = candidates == null ? scores.length : candidates.cardinality();
        if (k < 0 || k > available) {
            throw new IllegalArgumentException("k=" + k + " must be between 0 and the number of candidates="
                    + available);
        }
    }

    @Override
    public double[] sliceNorms(float[] t, int[] shape, int dim, double p) {
        if (Double.isNaN(p)) {
            throw new IllegalArgumentException("p must be a number, got NaN");
        }
        ChannelLayout layout = ChannelLayout.of(shape, dim);
        if (layout.numel() != t.length) {
            throw new IllegalArgumentException("the shape holds " + layout.numel() + " elements but t has " + t.length);
        }
        if (t.length == 0) {
            return cpu.sliceNorms(t, shape, dim, p);
        }
        SliceNormPlan plan = SliceNormPlan.of(layout, p);
        return onDevice(() -> {
            try (DeviceAllocations scratch = new DeviceAllocations(device)) {
                long tensor = deviceCopy(t, scratch);
                long partials = scratch.doubles(plan.units());
                try (KernelArguments args = new KernelArguments().pointer(tensor).int32(layout.channels())
                        .int32(layout.inner()).int64(layout.sliceSize()).int32(plan.parts())
                        .int32(plan.accumulation().ordinal()).float64(p).pointer(partials)) {
                    device.launch(Kernel.SLICE_NORM_PARTIALS, plan.blocks(), 1, args);
                }
                double[] values = new double[(int) plan.units()];
                device.download(partials, values);
                return plan.finish(values);
            }
        });
    }

    @Override
    public BitMask expandChannels(int[] shape, int dim, boolean[] keep) {
        ChannelLayout layout = ChannelLayout.of(shape, dim);
        if (keep.length != layout.channels()) {
            throw new IllegalArgumentException("keep has " + keep.length + " entries but dim " + dim
                    + " has " + layout.channels() + " channels");
        }
        if (layout.numel() == 0) {
            return cpu.expandChannels(shape, dim, keep);
        }
        int n = layout.numel();
        return onDevice(() -> {
            try (DeviceAllocations scratch = new DeviceAllocations(device)) {
                byte[] keepBytes = new byte[keep.length];
                for (int c = 0; c < keep.length; c++) {
                    keepBytes[c] = (byte) (keep[c] ? 1 : 0);
                }
                long keepPointer = scratch.upload(keepBytes);
                long[] words = new long[(n + 63) >>> 6];
                long wordsPointer = scratch.longs(words.length);
                try (KernelArguments args = new KernelArguments().pointer(keepPointer).int32(layout.channels())
                        .int32(layout.inner()).int32(n).pointer(wordsPointer)) {
                    device.launch(Kernel.EXPAND_CHANNELS, device.gridFor(words.length), 1, args);
                }
                device.download(wordsPointer, words);
                return BitMask.ofWords(n, words);
            }
        });
    }

    @Override
    public boolean[] channelsAlive(BitMask mask, int[] shape, int dim) {
        ChannelLayout layout = ChannelLayout.of(shape, dim);
        if (mask.size() != layout.numel()) {
            throw new IllegalArgumentException("the mask has " + mask.size() + " elements but the shape holds "
                    + layout.numel());
        }
        if (layout.numel() == 0) {
            return cpu.channelsAlive(mask, shape, dim);
        }
        int[] alive = new int[layout.channels()];
        onDevice(() -> {
            try (DeviceAllocations scratch = new DeviceAllocations(device)) {
                long[] words = mask.wordsView();
                long maskPointer = scratch.upload(words);
                long alivePointer = scratch.ints(alive.length);
                device.fill32(alivePointer, 0, alive.length);
                try (KernelArguments args = new KernelArguments().pointer(maskPointer).int32(layout.channels())
                        .int32(layout.inner()).int32(layout.numel()).pointer(alivePointer)) {
                    device.launch(Kernel.CHANNELS_ALIVE, device.gridFor(words.length), 1, args);
                }
                device.download(alivePointer, alive);
            }
            return null;
        });
        boolean[] result = new boolean[alive.length];
        for (int c = 0; c < alive.length; c++) {
            result[c] = alive[c] != 0;
        }
        return result;
    }

    @Override
    public long countZeros(float[] t) {
        if (t.length == 0) {
            return 0;
        }
        return onDevice(() -> {
            try (DeviceAllocations scratch = new DeviceAllocations(device)) {
                long tensor = deviceCopy(t, scratch);
                long total = scratch.longs(1);
                device.fill32(total, 0, 2);
                try (KernelArguments args = new KernelArguments().pointer(tensor).int32(t.length).pointer(total)) {
                    device.launch(Kernel.COUNT_ZEROS, device.gridFor(t.length), 1, args);
                }
                long[] result = new long[1];
                device.download(total, result);
                return result[0];
            }
        });
    }

    @Override
    public void release(float[] orig) {
        onDevice(() -> {
            copies.release(orig);
            return null;
        });
    }

    /** How many parameters' originals are held on the device now. */
    int cachedOriginals() {
        return onDevice(copies::size);
    }

    CudaDevice device() {
        return device;
    }

    /** A cached original is used in place; anything else is uploaded for this call only. */
    private long deviceCopy(float[] values, DeviceAllocations scratch) {
        long cached = copies.existing(values);
        return cached != 0 ? cached : scratch.upload(values);
    }

    /**
     * Runs work on the device; when device memory runs out, the cached copies are dropped and the
     * work is tried once more before the failure is reported. Any other failure but an argument error
     * comes out as a {@link CudaException}, the one kind the auto backend falls back on.
     */
    private <T> T onDevice(Supplier<T> work) {
        try {
            return device.call(() -> {
                try {
                    return work.get();
                } catch (CudaException e) {
                    if (!e.outOfMemory() || copies.size() == 0) {
                        throw e;
                    }
                    copies.clear();
                    return work.get();
                }
            });
        } catch (CudaException | IllegalArgumentException e) {
            throw e;
        } catch (RuntimeException | LinkageError e) {
            throw CudaException.unexpected(e);
        }
    }
}
