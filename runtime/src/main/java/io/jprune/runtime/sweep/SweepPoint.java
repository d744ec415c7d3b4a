package io.jprune.runtime.sweep;

import javax.management.ConstructorParameters;

/**
 * One point of a sensitivity curve: one parameter pruned by one amount on a private copy, and how the copy's
 * outputs compare with the unpruned model's on the same captured inputs. A console receives it as
 * {@code CompositeData}.
 */
public final class SweepPoint {
    private final String parameter;
    private final double amount;
    private final double sparsity;
    private final long numel;
    private final double top1Agreement;
    private final double cosineSimilarity;
    private final double maxAbsDifference;

    /**
     * @param parameter        the qualified parameter name
     * @param amount           the fraction given to the method
     * @param sparsity         the fraction of the parameter's entries that are zero once pruned
     * @param numel            the parameter's entry count
     * @param top1Agreement    the fraction of inputs whose largest output is at the same index as unpruned
     * @param cosineSimilarity the mean cosine similarity of the outputs with the unpruned ones
     * @param maxAbsDifference the largest absolute difference of any output value
     */
    @ConstructorParameters({"parameter", "amount", "sparsity", "numel", "top1Agreement", "cosineSimilarity",
            "maxAbsDifference"})
    public SweepPoint(String parameter, double amount, double sparsity, long numel, double top1Agreement,
                      double cosineSimilarity, double maxAbsDifference) {
        this.parameter = parameter;
        this.amount = amount;
        this.sparsity = sparsity;
        this.numel = numel;
        this.top1Agreement = top1Agreement;
        this.cosineSimilarity = cosineSimilarity;
        this.maxAbsDifference = maxAbsDifference;
    }

    /** The qualified parameter name, e.g. {@code conv1.weight}. */
    public String getParameter() {
        return parameter;
    }

    /** The fraction given to the method. */
    public double getAmount() {
        return amount;
    }

    /** The fraction of the parameter's entries that are zero once pruned. */
    public double getSparsity() {
        return sparsity;
    }

    /** The parameter's entry count, which weighs its sparsity in a model-wide figure. */
    public long getNumel() {
        return numel;
    }

    /** The fraction of inputs whose top-1 output index is the unpruned model's. */
    public double getTop1Agreement() {
        return top1Agreement;
    }

    /** The mean cosine similarity of the outputs with the unpruned model's. */
    public double getCosineSimilarity() {
        return cosineSimilarity;
    }

    /** The largest absolute difference of any output value from the unpruned model's. */
    public double getMaxAbsDifference() {
        return maxAbsDifference;
    }

    /** The headline figure for outputs of {@code kind}: top-1 agreement or cosine similarity. */
    public double agreement(String kind) {
        return SweepSettings.OutputKind.EMBEDDING.label().equals(kind) ? cosineSimilarity : top1Agreement;
    }
}
