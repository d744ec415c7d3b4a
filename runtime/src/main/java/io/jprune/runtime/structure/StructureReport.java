package io.jprune.runtime.structure;

import java.util.Arrays;
import javax.management.ConstructorParameters;

/**
 * "Which channels did you cut, and where is the structure?": for every layer, the shape now and after
 * compaction, the pruned and dead channels, and MACs and parameters before and after, plus the coupled
 * producers and the reasons anything pruned stays masked. {@link #render()} is for people; the getters are
 * open data for tools and JMX.
 */
public final class StructureReport {
    private final ModuleStructure[] modules;
    private final String[] groups;
    private final String[] notes;
    private final int tracedInputs;

    /**
     * @param modules      one row per layer, in model order
     * @param groups       producers whose channels go together, e.g. {@code fa + fb}
     * @param notes        model-wide remarks, e.g. why nothing could be traced
     * @param tracedInputs how many captured inputs the analysis replayed
     */
    @ConstructorParameters({"modules", "groups", "notes", "tracedInputs"})
    public StructureReport(ModuleStructure[] modules, String[] groups, String[] notes, int tracedInputs) {
        this.modules = modules.clone();
        this.groups = groups.clone();
        this.notes = notes.clone();
        this.tracedInputs = tracedInputs;
    }

    /** One row per layer, in model order. */
    public ModuleStructure[] getModules() {
        return modules.clone();
    }

    /** The row of one layer, or {@code null}. */
    public ModuleStructure module(String name) {
        for (ModuleStructure module : modules) {
            if (module.getName().equals(name)) {
                return module;
            }
        }
        return null;
    }

    /** Coupled producers, each as {@code a + b}: channel c of each goes with the others' or stays. */
    public String[] getGroups() {
        return groups.clone();
    }

    /** Model-wide remarks. */
    public String[] getNotes() {
        return notes.clone();
    }

    /** How many captured inputs were replayed; the constants folded into biases held in all of them. */
    public int getTracedInputs() {
        return tracedInputs;
    }

    /** Multiply-accumulates per forward of all layers now. */
    public long getMacs() {
        return Arrays.stream(modules).mapToLong(ModuleStructure::getMacs).sum();
    }

    /** Multiply-accumulates per forward of all layers after compaction. */
    public long getCompactedMacs() {
        return Arrays.stream(modules).mapToLong(ModuleStructure::getCompactedMacs).sum();
    }

    /** Weight and bias values of all layers now. */
    public long getParameters() {
        return Arrays.stream(modules).mapToLong(ModuleStructure::getParameters).sum();
    }

    /** Weight and bias values of all layers after compaction. */
    public long getCompactedParameters() {
        return Arrays.stream(modules).mapToLong(ModuleStructure::getCompactedParameters).sum();
    }

    /** The report as a table for people. */
    public String render() {
        return ReportTable.render(this);
    }

    @Override
    public String toString() {
        return render();
    }
}
