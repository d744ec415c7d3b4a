package io.jprune.runtime.prune;

import io.jprune.kernels.BitMask;
import io.jprune.kernels.Kernels;
import io.jprune.runtime.tensor.Shape;

/**
 * One of PyTorch's pruning methods with its arguments, as an immutable value, so that a parameter's history
 * can list exactly what was applied, in PyTorch's container order. The set of methods is closed: these are
 * the ones {@code torch.nn.utils.prune} has, with its semantics.
 */
public abstract class PruningMethod {

    PruningMethod() {
    }

    /** The type that decides how this method composes with earlier prunes of the same parameter. */
    public abstract PruningType pruningType();

    /** PyTorch's class name ({@code L1Unstructured}, {@code LnStructured}, ...), for people and for JMX. */
    public abstract String name();

    /**
     * PyTorch's {@code compute_mask(t, default_mask)} called directly: every entry is ranked, including
     * those {@code defaultMask} already prunes; the result keeps only what {@code defaultMask} keeps too.
     * Iterative pruning, which ranks only what is left, goes through {@link PruningContainer} instead.
     *
     * @param scores the importance scores ({@code t}), row-major, {@code shape.numel()} of them
     * @param defaultMask the mask so far; not changed
     * @return a new mask
     * @throws IllegalArgumentException or IndexOutOfBoundsException with PyTorch's text for a bad amount,
     *     shape or dim
     */
    public abstract BitMask computeMask(float[] scores, Shape shape, BitMask defaultMask, Kernels kernels);

    /** The method and its arguments, e.g. {@code L1Unstructured(amount=0.3)}. */
    @Override
    public abstract String toString();

    static void checkSizes(float[] scores, Shape shape, BitMask defaultMask) {
        if (scores.length != shape.numel()) {
            throw new IllegalArgumentException("importance_scores should have the same shape as tensor t: got "
                    + scores.length + " values for a tensor of shape " + shape);
        }
        if (defaultMask.size() != shape.numel()) {
            throw new IllegalArgumentException("default_mask should have the same shape as tensor t: got "
                    + defaultMask.size() + " values for a tensor of shape " + shape);
        }
    }
}
