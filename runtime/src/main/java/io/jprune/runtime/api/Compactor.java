package io.jprune.runtime.api;

import io.jprune.runtime.model.CompactionState.DimValue;
import io.jprune.runtime.model.CompactionState;
import io.jprune.runtime.model.Model;
import io.jprune.runtime.model.ModelState;
import io.jprune.runtime.model.ParameterSlot;
import io.jprune.runtime.model.ParameterState;
import io.jprune.runtime.record.ChangeKind;
import io.jprune.runtime.spi.DimHandle;
import io.jprune.runtime.spi.GraphStructure;
import io.jprune.runtime.spi.ParameterHandle;
import io.jprune.runtime.structure.CompactionPlan;
import io.jprune.runtime.structure.LayerChange;
import io.jprune.runtime.structure.ModelStructure;
import io.jprune.runtime.structure.ModuleStructure;
import io.jprune.runtime.structure.OutputAgreement;
import io.jprune.runtime.structure.StructureReport;
import io.jprune.runtime.tensor.Shape;
import io.jprune.runtime.trace.ModelTracer;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Structure and compaction of one running model: what the masks cut and where channels go, found by replaying
 * the app's own captured inputs through its own forward; then the physical removal of what is entirely pruned,
 * installed as one generation (arrays and the int dims the app's loops run to), kept only if the compacted
 * model returns what the masked one did on every captured input, and undone bit for bit by {@code restore()}.
 *
 * <p>Every call holds the model against other changes from start to end, so that the analysis, the plan and
 * the install all see one generation; the app keeps running its forwards meanwhile, except for the moment the
 * compacted generation is installed and checked.
 */
public final class Compactor {
    /** How long jprune waits for the app's in-flight forwards to end before giving up and changing nothing. */
    private static final Duration PATIENCE = Duration.ofSeconds(5);

    private final Model model;

    /** @param model the model to analyse and compact */
    public Compactor(Model model) {
        this.model = Objects.requireNonNull(model, "model");
    }

    /**
     * For every layer: its shape now and after compaction, the output channels the masks cut entirely, the dead
     * input channels, MACs and parameters before and after, and why anything pruned would stay masked.
     */
    public StructureReport structure() {
        requireAlive();
        if (model.graph().isPresent()) {
            return model.exclusively(PATIENCE, () -> new GraphCompactor(model, PATIENCE).structure());
        }
        return model.exclusively(PATIENCE, () -> ModelLayers.of(model, model.published()).analysis()
                .run(new ModelTracer(model)).report());
    }

    /**
     * Removes every entirely pruned channel that can go (producer rows, consumer input slices, int dims) with the
     * constants the removed channels delivered folded into the consumers' biases. The compacted parameters become
     * permanent, as after {@code remove}, until {@code restore()} brings the original model back.
     *
     * @return one line for a person saying what changed
     * @throws IllegalStateException when the compacted model would not return what the masked one did (nothing
     *     is changed then), or the app's forwards did not pause for the install
     */
    public String compact() {
        requireAlive();
        long start = System.nanoTime();
        if (model.graph().isPresent()) {
            return model.exclusively(PATIENCE, () -> new GraphCompactor(model, PATIENCE).compact(start));
        }
        return model.exclusively(PATIENCE, () -> {
            ModelState before = model.published();
            double sparsityBefore = RecordedChange.of(ChangeKind.COMPACT).sparsity(model, before);
            ModelLayers layers = ModelLayers.of(model, before);
            ModelTracer tracer = new ModelTracer(model);
            ModelStructure structure = layers.analysis().run(tracer);
            StructureReport report = structure.report();
            CompactionPlan plan = structure.plan();
            if (plan.isEmpty()) {
                return model.name() + ": nothing to compact: " + whyNothing(report);
            }
            ModelState candidate = compacted(before, layers, plan);
            ModelState previous = before.withExplicit(candidate.compaction().before());
            String problem = model.installChecked(candidate, previous,
                    () -> sameOutputs(tracer, structure.modelOutputs()), PATIENCE);
            if (problem != null) {
                throw new IllegalStateException("model " + model.name() + ": compaction refused, the model is as it "
                        + "was: " + problem);
            }
            String summary = summary(report, plan, tracer.inputCount(), madePermanent(candidate.compaction()));
            RecordedChange.of(ChangeKind.COMPACT).record(model, sparsityBefore, model.published(),
                    System.nanoTime() - start, summary);
            return summary;
        });
    }

    /** The generation with every change of {@code plan} installed, and what restore needs to undo it. */
    private static ModelState compacted(ModelState before, ModelLayers layers, CompactionPlan plan) {
        Map<String, ParameterState> states = new LinkedHashMap<>();
        Map<String, ParameterSlot> slots = new LinkedHashMap<>();
        Map<String, ParameterState> originals = new LinkedHashMap<>();
        Map<String, DimValue> dims = new LinkedHashMap<>();
        List<String> modules = new ArrayList<>();
        for (LayerChange change : plan.changes()) {
            ModelLayers.Parts parts = layers.parts(change.module());
            modules.add(change.module());
            Replacement weight = new Replacement(before, parts.weight(), change.compactedShape(), change.weight());
            weight.into(states, slots, originals);
            if (parts.bias() != null && change.bias() != null) {
                new Replacement(before, parts.bias(), Shape.of(change.outChannels()), change.bias())
                        .into(states, slots, originals);
            }
            if (change.changesOutChannels()) {
                for (DimHandle dim : parts.outDims()) {
                    dims.put(parts.node().qualify(dim.name()), new DimValue(dim, dim.read(), change.outChannels()));
                }
            }
            if (change.changesInChannels()) {
                for (DimHandle dim : parts.inDims()) {
                    dims.put(parts.node().qualify(dim.name()), new DimValue(dim, dim.read(), change.inChannels()));
                }
            }
        }
        return before.compacted(states, new CompactionState(slots, dims, originals, modules));
    }

    /**
     * One parameter's compacted values: its new state (permanent, listed where it was discovered), its slot with
     * the new shape, and its state before compaction, which restore puts back.
     */
    private static final class Replacement {
        private final String name;
        private final ParameterSlot slot;
        private final ParameterState state;
        private final ParameterState original;

        Replacement(ModelState before, ParameterSlot current, Shape shape, float[] values) {
            this.name = current.qualifiedName();
            ParameterHandle handle = current.handle().reshaped(shape);
            this.slot = new ParameterSlot(name, current.module(), handle, current.discoveryIndex());
            this.state = new ParameterState(handle.toAppValue(values), null, current.discoveryIndex());
            ParameterState previous = before.get(name);
            this.original = previous != null ? previous
                    : new ParameterState(current.handle().read(), null, current.discoveryIndex());
        }

        void into(Map<String, ParameterState> states, Map<String, ParameterSlot> slots,
                  Map<String, ParameterState> originals) {
            states.put(name, state);
            slots.put(name, slot);
            originals.put(name, original);
        }
    }

    /** {@code null} when the model, as installed now, returns what the masked model returned on every input. */
    private String sameOutputs(ModelTracer tracer, List<float[]> expected) {
        OutputAgreement agreement = OutputAgreement.within(OutputAgreement.DEFAULT_TOLERANCE);
        for (int i = 0; i < expected.size(); i++) {
            if (expected.get(i) == null) {
                return "the root's forward returns no tensor, so jprune cannot check that compaction changes nothing";
            }
            Object actual = tracer.output(i);
            String disagreement = agreement.disagreement(expected.get(i),
                    actual == null ? null : model.activations().floats(actual));
            if (disagreement != null) {
                return "on captured input " + i + " the compacted model's " + disagreement;
            }
        }
        return null;
    }

    /** The parameters this compaction replaced that were pruned: their weight_orig and weight_mask are gone now. */
    private static List<String> madePermanent(CompactionState compaction) {
        List<String> names = new ArrayList<>();
        compaction.before().forEach((name, state) -> {
            if (state.isPruned()) {
                names.add(name);
            }
        });
        names.sort(null);
        return names;
    }

    private String summary(StructureReport report, CompactionPlan plan, int inputs, List<String> madePermanent) {
        List<String> changes = new ArrayList<>();
        for (LayerChange change : plan.changes()) {
            changes.add(change.module() + " " + Arrays.toString(change.shape().dims()) + " -> "
                    + Arrays.toString(change.compactedShape().dims()));
        }
        int kept = 0;
        for (ModuleStructure module : report.getModules()) {
            kept += module.getPrunedOutputs().length - module.getRemovedOutputs().length;
        }
        return String.format(Locale.ROOT, "%s: compacted %s; MACs per forward %,d -> %,d, parameters %,d -> %,d; "
                        + "outputs equal the masked model's on %d captured input%s%s%s; restore() brings the original "
                        + "model back, bit for bit", model.name(), String.join(", ", changes), report.getMacs(),
                report.getCompactedMacs(), report.getParameters(), report.getCompactedParameters(), inputs,
                inputs == 1 ? "" : "s", kept == 0 ? "" : "; " + kept + " pruned output channel" + (kept == 1 ? " stays" : "s stay")
                        + " masked (see structure())", madePermanent.isEmpty() ? ""
                        : "; the pruning of " + String.join(", ", madePermanent) + " is now permanent, as after "
                        + "remove(): their _orig and _mask are no longer listed");
    }

    private static String whyNothing(StructureReport report) {
        return GraphCompactor.whyNothing(report);
    }

    /**
     * Writes the model as the app computes with it now in its framework's own format, for a model whose adapter
     * reads a graph ({@link GraphStructure#modelFile()}).
     *
     * @return one line for a person: what was written where
     * @throws IllegalArgumentException when {@code file} is missing or not absolute
     * @throws IllegalStateException when the model's adapter writes no file, or the file cannot be written
     */
    public String exportModel(String file) {
        requireAlive();
        if (file == null || file.isBlank()) {
            throw new IllegalArgumentException("file is missing: give the absolute path to write, e.g. /tmp/model.onnx");
        }
        Path path = Path.of(file.strip());
        if (!path.isAbsolute()) {
            throw new IllegalArgumentException("file " + file + " is not an absolute path; the app's working directory "
                    + "is not yours");
        }
        if (!model.graph().isPresent()) {
            throw new IllegalStateException("model " + model.name() + " has no framework file to write: its weights "
                    + "live in Java objects; the command line's export writes them as .safetensors");
        }
        GraphStructure.ModelFile written = model.exclusively(PATIENCE,
                () -> model.graph().modelFile());
        try {
            Files.write(path, written.bytes(), StandardOpenOption.CREATE_NEW);
        } catch (FileAlreadyExistsException e) {
            throw new IllegalArgumentException("file " + path + " exists: jprune writes only new files in the app's "
                    + "process, never over one of its own; give a new name");
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + path + ": " + e.getMessage(), e);
        }
        boolean compacted = model.published().compaction() != null;
        return String.format(Locale.ROOT, "%s: wrote the %s model (%s, %,d bytes) to %s", model.name(),
                compacted ? "compacted" : model.isPruned() ? "masked" : "unpruned", written.format(),
                written.bytes().length, path);
    }

    private void requireAlive() {
        if (!model.isAlive()) {
            throw new IllegalStateException("model " + model.name() + " is gone: the app no longer holds it");
        }
    }
}
