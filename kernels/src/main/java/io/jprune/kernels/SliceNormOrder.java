package io.jprune.kernels;

/**
 * The one order in which every backend adds up a slice's norm, so that the same tensor gives the same
 * norms bit for bit on any number of cores and on the CPU and the GPU (ln_structured compares norms
 * exactly, so a different order of double additions would prune different channels of equal norm).
 *
 * <p>A channel's slice is the sequence of its elements at slice positions {@code j = 0, 1, ...} (for a
 * tensor seen as {@code [outer][channels][inner]}, {@code j = o * inner + i}). It is cut into chunks of
 * {@link #CHUNK} positions. Within a chunk, lane {@code l} (of {@link #LANES}) accumulates the positions
 * {@code l, l + LANES, l + 2 LANES, ...} of the chunk in that order, starting from the identity; the
 * chunk's partial is lane 0 combined with lane 1, then lane 2, ... in order. The slice's accumulation
 * is chunk 0's partial combined with chunk 1's, then chunk 2's, ... in order, and then finished
 * ({@link NormAccumulation#finish}). Threads may compute chunks in any order and any grouping; only
 * these two folds add numbers together. The lanes are what a GPU warp reads coalesced (slice_norms.cu);
 * on the CPU they break the dependency chain of a single running sum.
 *
 * <p>With this order, p = 1, 2, inf, -inf, 0 and fro give identical norms everywhere: their per-element
 * terms ({@code |x|}, {@code x * x} of a float widened to double, a count) are exact in double. Other
 * orders of p go through {@code pow}, whose last bit the JVM and CUDA's libdevice may round differently.
 */
public final class SliceNormOrder {
    /** Slice positions per chunk partial; a multiple of {@link #LANES}. */
    public static final int CHUNK = 4096;
    /** Interleaved accumulators per chunk (one GPU warp). */
    public static final int LANES = 32;

    private SliceNormOrder() {
    }

    /** How many chunk partials a slice of {@code sliceSize} positions has: at least one, for an empty slice. */
    public static int parts(long sliceSize) {
        return (int) Math.max(1, (sliceSize + CHUNK - 1) / CHUNK);
    }

    /** Lanes {@code [from, from + LANES)} of {@code lanes} folded in order: one chunk's partial. */
    public static double foldLanes(double[] lanes, int from, NormAccumulation kind) {
        double acc = lanes[from];
        for (int l = 1; l < LANES; l++) {
            acc = kind.combine(acc, lanes[from + l]);
        }
        return acc;
    }

    /**
     * The norm of every channel from its chunk partials, laid out channel after channel ({@code parts}
     * per channel): each channel's partials folded in order, then finished.
     */
    public static double[] finish(double[] partials, int channels, int parts, NormAccumulation kind, double p) {
        if (partials.length != (long) channels * parts) {
            throw new IllegalArgumentException(partials.length + " partials for " + channels + " channels of "
                    + parts + " chunks");
        }
        double[] norms = new double[channels];
        for (int c = 0; c < channels; c++) {
            double acc = partials[c * parts];
            for (int part = 1; part < parts; part++) {
                acc = kind.combine(acc, partials[c * parts + part]);
            }
            norms[c] = kind.finish(acc, p);
        }
        return norms;
    }
}
