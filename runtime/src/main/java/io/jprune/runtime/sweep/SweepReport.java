package io.jprune.runtime.sweep;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.management.ConstructorParameters;

/**
 * What a sensitivity sweep found: one {@link SweepPoint} per parameter and amount, how the outputs were compared,
 * and what the app's own throughput was before and during the sweep. A console receives it as
 * {@code CompositeData}; {@link SweepRendering} turns it into a table, JSON, CSV or an SVG chart.
 */
public final class SweepReport {
    private final String model;
    private final String method;
    private final String outputKind;
    private final int inputs;
    private final SweepPoint[] points;
    private final double appForwardsPerSecondBefore;
    private final double appForwardsPerSecondDuring;
    private final double seconds;
    private final boolean complete;
    private final String[] notes;

    /**
     * @param model                      the model's name
     * @param method                     the method without its amount, e.g. {@code ln_structured n=1 dim=0}
     * @param outputKind                 {@code classifier} or {@code embedding}: which figure is the headline
     * @param inputs                     how many captured inputs each point was measured on
     * @param points                     the curves, parameter by parameter, amounts ascending
     * @param appForwardsPerSecondBefore the app's root forwards per second while the inputs were captured
     * @param appForwardsPerSecondDuring the app's root forwards per second while the sweep computed
     * @param seconds                    how long the sweep took, capture included
     * @param complete                   {@code false} when it was cancelled: the points measured so far
     * @param notes                      anything a person should know about the figures
     */
    @ConstructorParameters({"model", "method", "outputKind", "inputs", "points", "appForwardsPerSecondBefore",
            "appForwardsPerSecondDuring", "seconds", "complete", "notes"})
    public SweepReport(String model, String method, String outputKind, int inputs, SweepPoint[] points,
                       double appForwardsPerSecondBefore, double appForwardsPerSecondDuring, double seconds,
                       boolean complete, String[] notes) {
        this.model = model;
        this.method = method;
        this.outputKind = outputKind;
        this.inputs = inputs;
        this.points = points.clone();
        this.appForwardsPerSecondBefore = appForwardsPerSecondBefore;
        this.appForwardsPerSecondDuring = appForwardsPerSecondDuring;
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

    /** {@code classifier} (headline: top-1 agreement) or {@code embedding} (headline: cosine similarity). */
    public String getOutputKind() {
        return outputKind;
    }

    /** How many captured inputs each point was measured on. */
    public int getInputs() {
        return inputs;
    }

    /** Every point, parameter by parameter, amounts ascending. */
    public SweepPoint[] getPoints() {
        return points.clone();
    }

    /** The app's root forwards per second while the inputs were captured (before the sweep computed). */
    public double getAppForwardsPerSecondBefore() {
        return appForwardsPerSecondBefore;
    }

    /** The app's root forwards per second while the sweep computed on its private copy. */
    public double getAppForwardsPerSecondDuring() {
        return appForwardsPerSecondDuring;
    }

    /** How long the sweep took, capture included, in seconds. */
    public double getSeconds() {
        return seconds;
    }

    /** Whether every point was measured ({@code false} after a cancel). */
    public boolean isComplete() {
        return complete;
    }

    /** Anything a person should know about the figures. */
    public String[] getNotes() {
        return notes.clone();
    }

    /** The points of each parameter, in sweep order. */
    public Map<String, List<SweepPoint>> curves() {
        Map<String, List<SweepPoint>> curves = new LinkedHashMap<>();
        for (SweepPoint point : points) {
            curves.computeIfAbsent(point.getParameter(), name -> new ArrayList<>()).add(point);
        }
        return curves;
    }
}
