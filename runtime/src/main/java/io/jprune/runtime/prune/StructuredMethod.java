package io.jprune.runtime.prune;

import io.jprune.kernels.BitMask;
import io.jprune.kernels.Kernels;
import io.jprune.runtime.tensor.Shape;
import java.util.Objects;

/**
 * The methods that prune whole channels (slices along {@code dim}): validation in PyTorch's order, then
 * the channels with the lowest ranking values go. Subclasses only say how channels are ranked.
 */
abstract class StructuredMethod extends PruningMethod {
    final Amount amount;
    final int dim;

    StructuredMethod(Amount amount, int dim) {
        this.amount = Objects.requireNonNull(amount, "amount");
        this.dim = dim;
    }

    /** The amount, as given: a count of channels or a fraction of them. */
    public Amount amount() {
        return amount;
    }

    /** The dim along which channels are pruned, as given (negative counts from the end). */
    public int dim() {
        return dim;
    }

    @Override
    public final PruningType pruningType() {
        return PruningType.STRUCTURED;
    }

    @Override
    public final BitMask computeMask(float[] scores, Shape shape, BitMask defaultMask, Kernels kernels) {
        checkSizes(scores, shape, defaultMask);
        return computeMask(scores, shape, defaultMask, null, kernels);
    }

    /**
     * The mask when only the channels marked in {@code candidates} may be chosen ({@code null}: all); a
     * fraction is then a fraction of the candidates. The result keeps only what {@code defaultMask} keeps.
     */
    final BitMask computeMask(float[] scores, Shape shape, BitMask defaultMask, boolean[] candidates,
                              Kernels kernels) {
        int d = checkedDim(shape);
        int size = candidates == null ? shape.size(d) : count(candidates);
        int k = amount.toCount(size);
        double[] ranking = rankChannels(scores, shape, d, k, kernels);
        if (k == 0) {
            return defaultMask.copy();
        }
        boolean[] keep = ChannelRanking.keepLargest(ranking, candidates, size - k, tieTolerance());
        BitMask mask = kernels.expandChannels(shape.dims(), d, keep);
        mask.and(defaultMask);
        return mask;
    }

    /**
     * One value per channel along {@code d}; the channels with the largest values are kept. Called before
     * the {@code k == 0} shortcut, because PyTorch computes the norm first and its errors must still fire.
     */
    abstract double[] rankChannels(float[] scores, Shape shape, int d, int k, Kernels kernels);

    /**
     * How far apart (relative) two ranking values may be and still count as a tie, decided by the channel
     * index: 0, exact comparison, unless the values carry rounding noise that differs between machines.
     */
    double tieTolerance() {
        return 0;
    }

    /**
     * {@code dim} normalised against {@code shape}, after PyTorch's {@code _validate_structured_pruning}
     * and {@code _validate_pruning_dim}.
     */
    final int checkedDim(Shape shape) {
        if (shape.dim() <= 1) {
            throw new IllegalArgumentException("Structured pruning can only be applied to multidimensional tensors. "
                    + "Found tensor of shape " + shape + " with " + shape.dim() + " dims");
        }
        if (dim >= shape.dim()) {
            throw new IndexOutOfBoundsException("Invalid index " + dim + " for tensor of size " + shape);
        }
        int d = shape.normalizeDim(dim);
        if (d < 0) {
            throw new IndexOutOfBoundsException("Index is out of bounds for tensor with dimensions " + shape.dim());
        }
        return d;
    }

    private static int count(boolean[] flags) {
        int count = 0;
        for (boolean flag : flags) {
            if (flag) {
                count++;
            }
        }
        return count;
    }
}
