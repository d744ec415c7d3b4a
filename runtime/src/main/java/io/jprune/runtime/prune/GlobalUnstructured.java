package io.jprune.runtime.prune;

import io.jprune.kernels.BitMask;
import io.jprune.kernels.Kernels;
import io.jprune.runtime.tensor.Shape;
import java.util.List;
import java.util.Objects;

/**
 * PyTorch's {@code global_unstructured}: several parameters pruned as if they were one vector, so that a
 * layer whose weights are all small may lose more than a layer whose weights are large. The parameters are
 * joined in list order, row-major, exactly as PyTorch's {@code parameters_to_vector}; only entries still
 * kept are candidates, and a fraction is of all of those together. With {@link RandomUnstructured}, draw
 * {@code i} belongs to flat index {@code i} of that joined vector.
 */
public final class GlobalUnstructured {
    private GlobalUnstructured() {
    }

    /**
     * One new mask per parameter, in list order. Apply each to its parameter as
     * {@code new CustomFromMask(mask)} through {@link PrunedParameter#prune}, so that every parameter's
     * history gains a {@code CustomFromMask}, as in PyTorch, even one that lost nothing.
     *
     * @param scores each parameter's scores (its current pruned weight unless importance scores are given)
     * @param defaultMasks each parameter's current mask, all ones for a parameter not yet pruned
     * @param method an unstructured method ({@link L1Unstructured} or {@link RandomUnstructured})
     * @throws IllegalArgumentException with PyTorch's text for a structured method or a bad amount
     */
    public static List<BitMask> computeMasks(List<float[]> scores, List<BitMask> defaultMasks, PruningMethod method,
                                             Kernels kernels) {
        Objects.requireNonNull(method, "method");
        if (method.pruningType() != PruningType.UNSTRUCTURED) {
            throw new IllegalArgumentException("Only \"unstructured\" PRUNING_TYPE supported for the `pruning_method`. "
                    + "Found method <class '" + method.getClass().getName() + "'> of type "
                    + method.pruningType().name().toLowerCase(java.util.Locale.ROOT));
        }
        if (scores.size() != defaultMasks.size()) {
            throw new IllegalArgumentException("got scores for " + scores.size() + " parameters but masks for "
                    + defaultMasks.size());
        }
        if (scores.isEmpty()) {
            throw new IllegalArgumentException("torch.cat(): expected a non-empty list of Tensors");
        }
        int[] sizes = new int[scores.size()];
        long total = 0;
        for (int i = 0; i < sizes.length; i++) {
            sizes[i] = scores.get(i).length;
            if (defaultMasks.get(i).size() != sizes[i]) {
                throw new IllegalArgumentException("importance_scores should have the same shape as parameter: "
                        + "parameter " + i + " has " + defaultMasks.get(i).size() + " values but " + sizes[i]
                        + " scores");
            }
            total += sizes[i];
        }
        if (total > Integer.MAX_VALUE - 64) {
            throw new IllegalArgumentException("global_unstructured over " + total
                    + " entries does not fit in one Java array");
        }
        float[] joined = new float[(int) total];
        int at = 0;
        for (float[] part : scores) {
            System.arraycopy(part, 0, joined, at, part.length);
            at += part.length;
        }
        BitMask joinedMask = MaskSlices.concat(defaultMasks, (int) total);
        BitMask result = PruningContainer.computeMask(method, joined, Shape.of((int) total), joinedMask, kernels);
        return MaskSlices.split(result, sizes);
    }
}
