package io.jprune.runtime.prune;

import io.jprune.kernels.BitMask;
import io.jprune.kernels.Kernels;
import io.jprune.runtime.tensor.Shape;

/**
 * Prunes nothing, as PyTorch's {@code prune.identity}: it puts a parameter under pruning (original kept,
 * mask of ones) so that a saved {@code weight_orig}/{@code weight_mask} pair can be loaded into it.
 */
public final class Identity extends UnstructuredMethod {

    /** The one way to build it: Identity has no arguments. */
    public Identity() {
    }

    @Override
    public String name() {
        return "Identity";
    }

    @Override
    BitMask computeMask(float[] scores, Shape shape, BitMask defaultMask, BitMask candidates, Kernels kernels) {
        return defaultMask.copy();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Identity;
    }

    @Override
    public int hashCode() {
        return Identity.class.hashCode();
    }

    @Override
    public String toString() {
        return "Identity()";
    }
}
