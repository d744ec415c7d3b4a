package io.jprune.runtime.sweep;

import javax.management.ConstructorParameters;

/**
 * What a live sweep found: the app's own metric before, with each step live, and after everything was restored.
 * A console receives it as {@code CompositeData}; {@link SweepRendering} turns it into a table, JSON, CSV or a chart.
 */
public final class LiveSweepReport {
    private final String model;
    private final String method;
    private final String metric;
    private final double floor;
    private final double baseline;
    private final LivePoint[] points;
    private final double restoredMetric;
    private final double settleSeconds;
    private final long settleForwards;
    private final double seconds;
    private final boolean complete;
    private final String[] notes;

    /**
     * @param model          the model's name
     * @param method         the method without its amount
     * @param metric         the metric, as {@code objectName/Attribute}
     * @param floor          the value below which a step was undone at once
     * @param baseline       the metric before the sweep changed anything
     * @param points         the steps, parameter by parameter, amounts ascending
     * @param restoredMetric the metric read after the last restore
     * @param settleSeconds  how long each step ran before the metric was read
     * @param settleForwards how many root forwards of the app each step ran, at least, before the metric was read
     * @param seconds        how long the sweep took
     * @param complete       {@code false} when cancelled
     * @param notes          anything a person should know about the figures
     */
    @ConstructorParameters({"model", "method", "metric", "floor", "baseline", "points", "restoredMetric",
            "settleSeconds", "settleForwards", "seconds", "complete", "notes"})
    public LiveSweepReport(String model, String method, String metric, double floor, double baseline,
                           LivePoint[] points, double restoredMetric, double settleSeconds, long settleForwards, double seconds,
                           boolean complete, String[] notes) {
        this.model = model;
        this.method = method;
        this.metric = metric;
        this.floor = floor;
        this.baseline = baseline;
        this.points = points.clone();
        this.restoredMetric = restoredMetric;
        this.settleSeconds = settleSeconds;
        this.settleForwards = settleForwards;
        this.seconds = seconds;
        this.complete = complete;
        this.notes = notes.clone();
    }

    /** The model's name. */
    public String getModel() {
        return model;
    }

    /** The method without its amount. */
    public String getMethod() {
        return method;
    }

    /** The metric, as {@code objectName/Attribute}. */
    public String getMetric() {
        return metric;
    }

    /** The floor. */
    public double getFloor() {
        return floor;
    }

    /** The metric before the sweep. */
    public double getBaseline() {
        return baseline;
    }

    /** The steps. */
    public LivePoint[] getPoints() {
        return points.clone();
    }

    /** The metric after the last restore. */
    public double getRestoredMetric() {
        return restoredMetric;
    }

    /** How long each step ran before the metric was read. */
    public double getSettleSeconds() {
        return settleSeconds;
    }

    /** How many root forwards of the app each step ran, at least, before the metric was read. */
    public long getSettleForwards() {
        return settleForwards;
    }

    /** How long the sweep took. */
    public double getSeconds() {
        return seconds;
    }

    /** Whether every step ran (not cancelled). */
    public boolean isComplete() {
        return complete;
    }

    /** Anything a person should know about the figures. */
    public String[] getNotes() {
        return notes.clone();
    }
}
