package io.jprune.runtime.prune;

import io.jprune.kernels.BitMask;
import io.jprune.kernels.Kernels;
import io.jprune.runtime.tensor.Shape;
import java.util.Objects;

/**
 * PyTorch's {@code random_unstructured}: draws one random number per entry and prunes the {@code k}
 * entries with the largest draws, as PyTorch's {@code topk(rand_like(t), k)}. Unlike PyTorch the draws
 * come from a seed (see {@link RandomDraws}), so the same seed prunes the same entries, on the CPU and on
 * a GPU alike.
 */
public final class RandomUnstructured extends UnstructuredMethod {
    private final Amount amount;
    private final long seed;

    /** Prunes {@code amount} of the entries, chosen by the draws of {@code seed}. */
    public RandomUnstructured(Amount amount, long seed) {
        this.amount = Objects.requireNonNull(amount, "amount");
        this.seed = seed;
    }

    /** The amount, as given. */
    public Amount amount() {
        return amount;
    }

    /** The seed the draws come from; recorded so that a prune can be repeated exactly. */
    public long seed() {
        return seed;
    }

    @Override
    public String name() {
        return "RandomUnstructured";
    }

    @Override
    BitMask computeMask(float[] scores, Shape shape, BitMask defaultMask, BitMask candidates, Kernels kernels) {
        int k = amount.toCount(candidateCount(shape, candidates));
        if (k == 0) {
            return defaultMask.copy();
        }
        return pruneSmallest(RandomDraws.complements(seed, shape.numel()), defaultMask, candidates, k, kernels);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RandomUnstructured && ((RandomUnstructured) o).amount.equals(amount)
                && ((RandomUnstructured) o).seed == seed;
    }

    @Override
    public int hashCode() {
        return amount.hashCode() * 31 + Long.hashCode(seed);
    }

    @Override
    public String toString() {
        return "RandomUnstructured(amount=" + amount + ", seed=" + seed + ")";
    }
}
