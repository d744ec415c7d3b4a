package io.jprune.runtime.prune;

import io.jprune.kernels.BitMask;
import io.jprune.kernels.Kernels;
import io.jprune.runtime.tensor.Shape;
import java.util.Objects;

/**
 * PyTorch's {@code custom_from_mask}: prunes what a given mask prunes, on top of whatever is pruned already.
 * It is also how {@link GlobalUnstructured} applies its result to each parameter, as in PyTorch. The mask
 * is copied in, so later changes to the caller's mask change nothing here.
 */
public final class CustomFromMask extends PruningMethod {
    private final BitMask mask;

    /** Prunes every entry whose bit is clear in {@code mask} (row-major, the parameter's size). */
    public CustomFromMask(BitMask mask) {
        this.mask = Objects.requireNonNull(mask, "mask").copy();
    }

    /** The mask, as a copy. */
    public BitMask mask() {
        return mask.copy();
    }

    @Override
    public PruningType pruningType() {
        return PruningType.GLOBAL;
    }

    @Override
    public String name() {
        return "CustomFromMask";
    }

    /**
     * {@code default_mask * mask}.
     *
     * @throws IllegalArgumentException if the mask's size is not the parameter's (PyTorch's bare assert)
     */
    @Override
    public BitMask computeMask(float[] scores, Shape shape, BitMask defaultMask, Kernels kernels) {
        if (mask.size() != shape.numel() || defaultMask.size() != shape.numel()) {
            throw new IllegalArgumentException("mask should have the same shape as the parameter: the mask has "
                    + mask.size() + " elements but the parameter of shape " + shape + " has " + shape.numel());
        }
        BitMask result = defaultMask.copy();
        result.and(mask);
        return result;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CustomFromMask && ((CustomFromMask) o).mask.equals(mask);
    }

    @Override
    public int hashCode() {
        return mask.hashCode();
    }

    @Override
    public String toString() {
        return "CustomFromMask(mask=" + mask.size() + " elements, " + mask.zeros() + " pruned)";
    }
}
