package io.jprune.kernels.cuda;

import io.jprune.kernels.NormAccumulation;
import io.jprune.kernels.SliceNormOrder;

/**
 * How the GPU computes the per-channel norms of ln_structured: one warp per chunk of a channel's slice
 * (slice_norms.cu), {@link CudaDevice#BLOCK} / 32 warps per block, in {@link SliceNormOrder}'s order,
 * and the host folds each channel's chunk partials with the CPU kernels' own code. Nothing here depends
 * on the device, so a tensor gets the same norms on every GPU and on the CPU.
 */
final class SliceNormPlan {
    /** Warps (chunks) per block. */
    static final int WARPS = CudaDevice.BLOCK / SliceNormOrder.LANES;

    private final ChannelLayout layout;
    private final NormAccumulation accumulation;
    private final double p;
    private final int parts;

    private SliceNormPlan(ChannelLayout layout, NormAccumulation accumulation, double p, int parts) {
        this.layout = layout;
        this.accumulation = accumulation;
        this.p = p;
        this.parts = parts;
    }

    static SliceNormPlan of(ChannelLayout layout, double p) {
        return new SliceNormPlan(layout, NormAccumulation.of(p), p, SliceNormOrder.parts(layout.sliceSize()));
    }

    ChannelLayout layout() {
        return layout;
    }

    NormAccumulation accumulation() {
        return accumulation;
    }

    double p() {
        return p;
    }

    /** Chunk partials per channel. */
    int parts() {
        return parts;
    }

    /** Chunks in all, one per warp. */
    long units() {
        return (long) layout.channels() * parts;
    }

    /** Blocks of the launch: every chunk gets a warp. */
    int blocks() {
        return (int) Math.max(1, (units() + WARPS - 1) / WARPS);
    }

    /** The norm of every channel from its {@link #parts()} partials, laid out channel after channel. */
    double[] finish(double[] partials) {
        return SliceNormOrder.finish(partials, layout.channels(), parts, accumulation, p);
    }
}
