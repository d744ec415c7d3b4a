package io.jprune.runtime.prune;

import io.jprune.kernels.BitMask;
import io.jprune.kernels.Kernels;
import io.jprune.runtime.tensor.Shape;

/**
 * The methods that choose single entries. Each ranks the entries by some score and prunes the {@code k}
 * lowest; what differs between direct and iterative use is only which entries may be chosen.
 */
abstract class UnstructuredMethod extends PruningMethod {

    @Override
    public final PruningType pruningType() {
        return PruningType.UNSTRUCTURED;
    }

    @Override
    public final BitMask computeMask(float[] scores, Shape shape, BitMask defaultMask, Kernels kernels) {
        checkSizes(scores, shape, defaultMask);
        return computeMask(scores, shape, defaultMask, null, kernels);
    }

    /**
     * The mask when only the entries set in {@code candidates} may be chosen ({@code null}: all entries);
     * a fraction is then a fraction of the candidates.
     */
    abstract BitMask computeMask(float[] scores, Shape shape, BitMask defaultMask, BitMask candidates,
                                 Kernels kernels);

    /** Clears, in a copy of {@code defaultMask}, the {@code k} candidates with the smallest {@code |ranking|}. */
    static BitMask pruneSmallest(float[] ranking, BitMask defaultMask, BitMask candidates, int k, Kernels kernels) {
        return k == 0 ? defaultMask.copy() : kernels.pruneSmallestMagnitudes(ranking, candidates, k, defaultMask);
    }

    static int candidateCount(Shape shape, BitMask candidates) {
        return candidates == null ? shape.numel() : candidates.cardinality();
    }
}
