package io.jprune.runtime.prune;

import io.jprune.kernels.Kernels;
import io.jprune.runtime.tensor.Shape;
import java.util.Objects;

/**
 * PyTorch's {@code ln_structured}: keeps the channels along {@code dim} with the largest {@code n}-norm of
 * their scores and prunes the {@code k} others. PyTorch leaves ties unspecified; here, among equal norms
 * the lower channel index is kept (the higher one pruned first), and a NaN norm ranks above every number,
 * so its channel is kept, as {@code torch.topk} does. Norms are computed in double, in one order on every
 * machine: for n = 0, 1, 2, inf, -inf and fro they are the same bits on any core count and on the CPU and
 * the GPU, so the same call prunes the same channels everywhere. For other n and nuc, whose last bits may
 * differ between machines, norms within {@link NormOrder#tieTolerance()} of each other are ties.
 */
public final class LnStructured extends StructuredMethod {
    private final NormOrder n;

    /** Prunes {@code amount} channels along {@code dim} (negative counts from the end), ranked by norm {@code n}. */
    public LnStructured(Amount amount, NormOrder n, int dim) {
        super(amount, dim);
        this.n = Objects.requireNonNull(n, "n");
    }

    /** The norm order, as given. */
    public NormOrder n() {
        return n;
    }

    @Override
    public String name() {
        return "LnStructured";
    }

    @Override
    double[] rankChannels(float[] scores, Shape shape, int d, int k, Kernels kernels) {
        return n.sliceNorms(scores, shape, d, kernels);
    }

    @Override
    double tieTolerance() {
        return n.tieTolerance();
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof LnStructured)) {
            return false;
        }
        LnStructured other = (LnStructured) o;
        return other.amount.equals(amount) && other.n.equals(n) && other.dim == dim;
    }

    @Override
    public int hashCode() {
        return (amount.hashCode() * 31 + n.hashCode()) * 31 + dim;
    }

    @Override
    public String toString() {
        return "LnStructured(amount=" + amount + ", n=" + n + ", dim=" + dim + ")";
    }
}
