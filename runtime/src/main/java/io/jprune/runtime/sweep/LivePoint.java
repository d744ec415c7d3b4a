package io.jprune.runtime.sweep;

import javax.management.ConstructorParameters;

/**
 * One step of a live sweep: the app's model ran with one parameter pruned by one amount, and the app's own metric
 * read after it had settled. A console receives it as {@code CompositeData}.
 */
public final class LivePoint {
    private final String parameter;
    private final double amount;
    private final double sparsity;
    private final double metric;
    private final boolean belowFloor;

    /**
     * @param parameter  the qualified parameter name
     * @param amount     the fraction given to the method
     * @param sparsity   the fraction of the parameter's entries that were zero
     * @param metric     the app's metric with that prune live
     * @param belowFloor whether the metric fell below the floor, which ended this parameter's curve
     */
    @ConstructorParameters({"parameter", "amount", "sparsity", "metric", "belowFloor"})
    public LivePoint(String parameter, double amount, double sparsity, double metric, boolean belowFloor) {
        this.parameter = parameter;
        this.amount = amount;
        this.sparsity = sparsity;
        this.metric = metric;
        this.belowFloor = belowFloor;
    }

    /** The qualified parameter name. */
    public String getParameter() {
        return parameter;
    }

    /** The fraction given to the method. */
    public double getAmount() {
        return amount;
    }

    /** The fraction of the parameter's entries that were zero. */
    public double getSparsity() {
        return sparsity;
    }

    /** The app's metric with this prune live. */
    public double getMetric() {
        return metric;
    }

    /** Whether the metric fell below the floor here. */
    public boolean isBelowFloor() {
        return belowFloor;
    }
}
