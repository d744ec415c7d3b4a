package io.jprune.runtime.prune;

import io.jprune.kernels.BitMask;
import io.jprune.kernels.Kernels;
import io.jprune.runtime.tensor.Shape;
import java.util.Objects;

/**
 * PyTorch's {@code l1_unstructured}: prunes the {@code k} entries with the smallest {@code |score|}, exactly
 * {@code k} even when magnitudes tie at the cut. Ties, which PyTorch leaves unspecified, go lower flat
 * index first; NaN ranks above every number and is pruned last; -0.0 equals 0.0.
 */
public final class L1Unstructured extends UnstructuredMethod {
    private final Amount amount;

    /** Prunes {@code amount} of the entries (a count, or a fraction of those that may be chosen). */
    public L1Unstructured(Amount amount) {
        this.amount = Objects.requireNonNull(amount, "amount");
    }

    /** The amount, as given. */
    public Amount amount() {
        return amount;
    }

    @Override
    public String name() {
        return "L1Unstructured";
    }

    @Override
    BitMask computeMask(float[] scores, Shape shape, BitMask defaultMask, BitMask candidates, Kernels kernels) {
        int k = amount.toCount(candidateCount(shape, candidates));
        return pruneSmallest(scores, defaultMask, candidates, k, kernels);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof L1Unstructured && ((L1Unstructured) o).amount.equals(amount);
    }

    @Override
    public int hashCode() {
        return amount.hashCode();
    }

    @Override
    public String toString() {
        return "L1Unstructured(amount=" + amount + ")";
    }
}
