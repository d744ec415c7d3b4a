package io.jprune.kernels;

/**
 * The few primitive operations the pruning engine computes with. The engine never loops over weights
 * itself: it calls these, so that one implementation runs them on the CPU and another on a GPU, and the
 * two give the same masks bit for bit, on any number of cores (see {@link #sliceNorms} for what is
 * guaranteed of norms).
 *
 * <p>Shapes are row-major; {@code dim} is already normalised to {@code 0 <= dim < shape.length}.
 * Implementations are thread-safe.
 */
public interface Kernels {

    /** Who computes, for people: e.g. {@code cpu (2 threads)} or {@code cuda: NVIDIA H100 80GB HBM3, driver 580.x}. */
    String description();

    /**
     * {@code out[i] = orig[i] * (mask kept ? 1f : 0f)} with IEEE float multiplication, exactly as PyTorch's
     * {@code weight_mask * weight_orig}: a pruned negative weight becomes -0.0 and a pruned NaN stays NaN.
     */
    void maskedMultiply(float[] orig, BitMask mask, float[] out);

    /**
     * The flat indices, ascending, of the {@code k} entries with the smallest {@code |scores[i]|} among
     * those whose bit is set in {@code candidates} ({@code null}: all entries). Tie rule: among equal
     * magnitudes the lower flat index is chosen first; NaN ranks above every number (as torch.topk), and
     * -0.0 equals 0.0. Must not sort: selection in O(n).
     *
     * @throws IllegalArgumentException if k is negative or more than the number of candidates
     */
    int[] smallestMagnitudes(float[] scores, BitMask candidates, int k);

    /**
     * A copy of {@code defaultMask} with exactly the entries {@link #smallestMagnitudes} would return cleared:
     * the mask an L1 prune produces. This default goes through the index list; an implementation may build
     * the mask directly, because writing k indices only to turn them back into bits costs more than the
     * selection itself.
     *
     * @throws IllegalArgumentException as {@link #smallestMagnitudes}, or if the sizes differ
     */
    default BitMask pruneSmallestMagnitudes(float[] scores, BitMask candidates, int k, BitMask defaultMask) {
        if (defaultMask.size() != scores.length) {
            throw new IllegalArgumentException("defaultMask has " + defaultMask.size() + " elements but scores has "
                    + scores.length);
        }
        BitMask mask = defaultMask.copy();
        for (int index : smallestMagnitudes(scores, candidates, k)) {
            mask.clear(index);
        }
        return mask;
    }

    /**
     * The norm of every slice {@code t[..., c, ...]} along {@code dim}, as {@code torch.norm(t, p, dims)}
     * over all the other dims: p = 1 sum of |x|, 2 Euclidean, +inf max |x|, -inf min |x|, 0 count of
     * non-zeros, any other p (negative too, as torch.linalg.vector_norm) {@code (sum |x|^p)^(1/p)}.
     * Accumulated in double in {@link SliceNormOrder}'s order, whatever the number of threads: for p = 0,
     * 1, 2, inf and -inf every implementation returns the same bits; for other p they may differ in the
     * last bits of {@code pow} (the engine treats such near-ties as ties).
     */
    double[] sliceNorms(float[] t, int[] shape, int dim, double p);

    /** A mask keeping exactly the slices along {@code dim} whose {@code keep[c]} is true. */
    BitMask expandChannels(int[] shape, int dim, boolean[] keep);

    /** For every slice along {@code dim}, whether the mask keeps at least one of its elements. */
    boolean[] channelsAlive(BitMask mask, int[] shape, int dim);

    /** The number of entries equal to zero (0.0 and -0.0 both count). */
    long countZeros(float[] t);

    /**
     * Drops whatever the implementation keeps for {@code orig} (a GPU keeps a device copy of each pruned
     * parameter's original so that re-masking does not upload it again); called when the parameter
     * stops being pruned.
     */
    default void release(float[] orig) {
    }
}
