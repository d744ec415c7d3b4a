package io.jprune.runtime.structure;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * What a {@link StructureAnalysis} found: where the channels go, what compaction would install, and the
 * report for people and tools. Immutable; computed from the weights and masks as they were when it ran, so
 * a prune or restore afterwards makes it stale.
 */
public final class ModelStructure {
    private final Dependencies dependencies;
    private final CompactionPlan plan;
    private final StructureReport report;
    private final List<float[]> modelOutputs;

    ModelStructure(Dependencies dependencies, CompactionPlan plan, StructureReport report, List<float[]> modelOutputs) {
        this.dependencies = Objects.requireNonNull(dependencies, "dependencies");
        this.plan = Objects.requireNonNull(plan, "plan");
        this.report = Objects.requireNonNull(report, "report");
        this.modelOutputs = Collections.unmodifiableList(new ArrayList<>(modelOutputs));
    }

    /** Which channel of which layer feeds which input of which other layer. */
    public Dependencies dependencies() {
        return dependencies;
    }

    /** The new arrays and dims compaction would install. */
    public CompactionPlan plan() {
        return plan;
    }

    /**
     * What the model returned for each captured input, in order, as the analysis traced it (masked, before any
     * compaction): an adapter replays the same inputs after installing the plan and keeps it only if
     * {@link OutputAgreement} finds every output equal. An element is {@code null} when the root's forward returns
     * no {@code float[]}. Shared arrays: callers must not write them.
     */
    public List<float[]> modelOutputs() {
        return modelOutputs;
    }

    /** The structure report. */
    public StructureReport report() {
        return report;
    }

    @Override
    public String toString() {
        return report.render();
    }
}
