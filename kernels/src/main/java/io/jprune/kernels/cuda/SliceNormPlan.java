package io.jprune.kernels.cuda;

/**
 * How the GPU computes the per-channel norms of ln_structured: what each block accumulates over its
 * chunk of a channel's slice (slice_norms.cu), how the slice is cut into chunks, and how the host
 * combines a channel's partials, in order, into the norm. The chunking depends only on the shape, so
 * the same tensor always gives the same norms.
 */
final class SliceNormPlan {
    /** What slice_norms.cu accumulates; the ordinal is the kernel's mode argument (NORM_* there). */
    enum Accumulation {
        NONZERO, ABS_SUM, SQUARE_SUM, MAX_ABS, MIN_ABS, POWER_SUM
    }

    private static final long MIN_CHUNK = 16L * CudaDevice.BLOCK;
    /** The grid's y extent is at most 65535. */
    private static final long MAX_PARTS = 65535;

    private final ChannelLayout layout;
    private final Accumulation accumulation;
    private final double p;
    private final long chunk;
    private final int parts;

    private SliceNormPlan(ChannelLayout layout, Accumulation accumulation, double p, long chunk, int parts) {
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
        return new SliceNormPlan(layout, accumulationFor(p), p, chunk, (int) parts);
    }

    static Accumulation accumulationFor(double p) {
        if (p == 0) {
            return Accumulation.NONZERO;
        } else if (p == 1) {
            return Accumulation.ABS_SUM;
        } else if (p == 2) {
            return Accumulation.SQUARE_SUM;
        } else if (p == Double.POSITIVE_INFINITY) {
            return Accumulation.MAX_ABS;
        } else if (p == Double.NEGATIVE_INFINITY) {
            return Accumulation.MIN_ABS;
        }
        return Accumulation.POWER_SUM;
    }

    ChannelLayout layout() {
        return layout;
    }

    Accumulation accumulation() {
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
                acc = combine(acc, partials[c * parts + part]);
            }
            norms[c] = root(acc);
        }
        return norms;
    }

    private double combine(double a, double b) {
        switch (accumulation) {
            case MAX_ABS:
                return Math.max(a, b);
            case MIN_ABS:
                return Math.min(a, b);
            default:
                return a + b;
        }
    }

    private double root(double acc) {
        switch (accumulation) {
            case SQUARE_SUM:
                return Math.sqrt(acc);
            case POWER_SUM:
                return Math.pow(acc, 1.0 / p);
            default:
                return acc;
        }
    }
}
