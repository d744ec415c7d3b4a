package io.jprune.runtime.prune;

import io.jprune.kernels.Kernels;
import io.jprune.runtime.tensor.Shape;

/**
 * PyTorch's {@code random_structured}: draws one random number per channel along {@code dim} and prunes
 * the {@code k} channels with the smallest draws (PyTorch keeps those above the k-th smallest). The draws
 * come from a seed (see {@link RandomDraws}), so the same seed prunes the same channels; equal draws keep
 * the lower channel index, as {@link LnStructured} does with equal norms.
 */
public final class RandomStructured extends StructuredMethod {
    private final long seed;

    /** Prunes {@code amount} channels along {@code dim} (negative counts from the end), chosen by {@code seed}. */
    public RandomStructured(Amount amount, int dim, long seed) {
        super(amount, dim);
        this.seed = seed;
    }

    /** The seed the draws come from; recorded so that a prune can be repeated exactly. */
    public long seed() {
        return seed;
    }

    @Override
    public String name() {
        return "RandomStructured";
    }

    @Override
    double[] rankChannels(float[] scores, Shape shape, int d, int k, Kernels kernels) {
        return RandomDraws.perChannel(seed, shape.size(d));
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof RandomStructured)) {
            return false;
        }
        RandomStructured other = (RandomStructured) o;
        return other.amount.equals(amount) && other.dim == dim && other.seed == seed;
    }

    @Override
    public int hashCode() {
        return (amount.hashCode() * 31 + dim) * 31 + Long.hashCode(seed);
    }

    @Override
    public String toString() {
        return "RandomStructured(amount=" + amount + ", dim=" + dim + ", seed=" + seed + ")";
    }
}
