package io.jprune.kernels.cuda;

import io.jprune.kernels.NormAccumulation;

/**
 * How the GPU computes the per-channel norms of ln_structured: what each block accumulates over its
 * chunk of a channel's slice (slice_norms.cu), how the slice is cut into chunks, and how the host
 * combines a channel's partials, in order, into the norm. The chunking depends only on the shape, so
 * the same tensor always gives the same norms.
 */
final class SliceNormPlan {
    private static final long MIN_CHUNK = 16L * CudaDevice.BLOCK;
    /** The grid's y extent is at most 65535. */
    private static final long MAX_PARTS = 65535;

    private final ChannelLayout layout;
    private final NormAccumulation accumulation;
    private final double p;
    private final long chunk;
    private final int parts;

    private SliceNormPlan(ChannelLayout layout, NormAccumulation accumulation, double p, long chunk, int parts) {
        this.layout = layout;
        this.accumulation = accumulation;
        this.p = p;
        this.chunk = chunk;
        this.parts = parts;
    }

    static SliceNormPlan of(ChannelLayout layout, double p) {
        long slice = Math.max(1, layout.sliceSize());
        long chunk = Math.max(MIN_CHUNK, (slice + MAX_PARTS - 1) / MAX_PARTS);
        long parts = (slice + chunk - 1) / chunk;
        return new SliceNormPlan(layout, NormAccumulation.of(p), p, chunk, (int) parts);
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

    long chunk() {
        return chunk;
    }

    int parts() {
        return parts;
    }

    /** The norm of every channel from its {@link #parts()} partials, laid out channel after channel. */
    double[] finish(double[] partials) {
        double[] norms = new double[layout.channels()];
        for (int c = 0; c < norms.length; c++) {
            double acc = partials[c * parts];
            for (int part = 1; part < parts; part++) {
                acc = accumulation.combine(acc, partials[c * parts + part]);
            }
            norms[c] = accumulation.finish(acc, p);
        }
        return norms;
    }
}
