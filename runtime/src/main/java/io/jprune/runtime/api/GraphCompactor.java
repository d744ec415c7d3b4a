package io.jprune.runtime.api;

import io.jprune.runtime.model.CompactionState;
import io.jprune.runtime.model.Model;
import io.jprune.runtime.model.ModelState;
import io.jprune.runtime.model.ParameterSlot;
import io.jprune.runtime.model.ParameterState;
import io.jprune.runtime.record.ChangeKind;
import io.jprune.runtime.spi.GraphStructure;
import io.jprune.runtime.spi.ParameterHandle;
import io.jprune.runtime.structure.ModuleStructure;
import io.jprune.runtime.structure.StructureReport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@link Compactor}'s path for a model whose adapter reads its structure from the model's graph
 * ({@link GraphStructure}): the adapter plans and checks on the captured inputs, the engine installs the resized
 * parameters as one generation that {@code restore()} undoes, as for plain Java. Called holding the model exclusively.
 */
final class GraphCompactor {
    private final Model model;
    private final Duration patience;

    GraphCompactor(Model model, Duration patience) {
        this.model = model;
        this.patience = patience;
    }

    /** The graph's report for the published generation (after a compaction, of the compacted graph). */
    StructureReport structure() {
        return plan(model.published()).report();
    }

    /** Plans, checks on the captured inputs, installs; one line for a person. */
    String compact(long start) {
        ModelState before = model.published();
        double sparsityBefore = RecordedChange.of(ChangeKind.COMPACT).sparsity(model, before);
        GraphStructure.Plan plan = plan(before);
        StructureReport report = plan.report();
        if (plan.resizes().isEmpty()) {
            return model.name() + ": nothing to compact: " + whyPrunedChannelsStay(report);
        }
        String problem = plan.verify();
        if (problem == null) {
            ModelState candidate = compacted(before, plan.resizes());
            ModelState previous = before.withExplicit(candidate.compaction().before());
            problem = model.installChecked(candidate, previous, () -> null, patience);
        }
        if (problem != null) {
            throw new IllegalStateException("model " + model.name() + ": compaction refused, the model is as it was: "
                    + problem);
        }
        String summary = summary(report, model.capturedInputs().snapshot().size());
        RecordedChange.of(ChangeKind.COMPACT).record(model, sparsityBefore, model.published(),
                System.nanoTime() - start, summary);
        return summary;
    }

    private GraphStructure.Plan plan(ModelState state) {
        Map<String, float[]> values = new LinkedHashMap<>();
        Map<String, float[]> masks = new LinkedHashMap<>();
        for (Map.Entry<String, ParameterSlot> entry : model.slotsIn(state).entrySet()) {
            ParameterState parameter = state.get(entry.getKey());
            if (parameter != null && parameter.isPruned()) {
                values.put(entry.getKey(), parameter.pruned().weight());
                masks.put(entry.getKey(), parameter.pruned().mask().toFloats());
                continue;
            }
            ParameterHandle handle = entry.getValue().handle();
            Object value = parameter != null ? parameter.original() : handle.read();
            if (value == null) {
                throw new IllegalStateException("model " + model.name() + " is gone: the app no longer holds it");
            }
            values.put(entry.getKey(), handle.values(value));
        }
        return model.graph().plan(values, masks, model.capturedInputs().snapshot());
    }

    private ModelState compacted(ModelState before, List<GraphStructure.Resize> resizes) {
        Map<String, ParameterState> states = new LinkedHashMap<>();
        Map<String, ParameterSlot> slots = new LinkedHashMap<>();
        Map<String, ParameterState> originals = new LinkedHashMap<>();
        List<String> modules = new ArrayList<>();
        Map<String, ParameterSlot> current = model.slotsIn(before);
        for (GraphStructure.Resize resize : resizes) {
            ParameterSlot slot = current.get(resize.qualifiedName());
            if (slot == null) {
                throw new IllegalStateException("the graph resizes " + resize.qualifiedName()
                        + ", which is no parameter of model " + model.name());
            }
            ParameterHandle handle = slot.handle().reshaped(resize.shape());
            slots.put(slot.qualifiedName(), new ParameterSlot(slot.qualifiedName(), slot.module(), handle,
                    slot.discoveryIndex()));
            states.put(slot.qualifiedName(), new ParameterState(handle.toAppValue(resize.values()), null,
                    slot.discoveryIndex()));
            ParameterState previous = before.get(slot.qualifiedName());
            originals.put(slot.qualifiedName(), previous != null ? previous
                    : new ParameterState(slot.handle().read(), null, slot.discoveryIndex()));
            if (!modules.contains(slot.module().name())) {
                modules.add(slot.module().name());
            }
        }
        return before.compacted(states, new CompactionState(slots, Map.of(), originals, modules));
    }

    private String summary(StructureReport report, int inputs) {
        List<String> changes = new ArrayList<>();
        for (ModuleStructure module : report.getModules()) {
            if (!Arrays.equals(module.getShape(), module.getCompactedShape())) {
                changes.add(module.getName() + " " + Arrays.toString(module.getShape()) + " -> "
                        + Arrays.toString(module.getCompactedShape()));
            }
        }
        return String.format(Locale.ROOT, "%s: compacted %s; MACs per forward %,d -> %,d, parameters %,d -> %,d; "
                        + "outputs equal the masked model's on %d captured input%s; the compacted weights are "
                        + "permanent, as after remove(); restore() brings the original model back, bit for bit",
                model.name(), String.join(", ", changes), report.getMacs(), report.getCompactedMacs(),
                report.getParameters(), report.getCompactedParameters(), inputs, inputs == 1 ? "" : "s");
    }

    /** The reasons pruned channels stay, by module; the graph's other remarks are in its report. */
    private static String whyPrunedChannelsStay(StructureReport report) {
        List<String> reasons = moduleNotes(report);
        return reasons.isEmpty() ? "no channel is entirely pruned" : String.join("; ", reasons);
    }

    /** Why nothing was compacted: the report's remarks and every module's notes, for people. */
    static String whyNothing(StructureReport report) {
        List<String> reasons = new ArrayList<>(List.of(report.getNotes()));
        reasons.addAll(moduleNotes(report));
        return reasons.isEmpty() ? "no channel is entirely pruned" : String.join("; ", reasons);
    }

    private static List<String> moduleNotes(StructureReport report) {
        List<String> notes = new ArrayList<>();
        for (ModuleStructure module : report.getModules()) {
            for (String note : module.getNotes()) {
                notes.add(module.getName() + ": " + note);
            }
        }
        return notes;
    }

}
