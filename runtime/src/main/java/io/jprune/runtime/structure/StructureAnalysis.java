package io.jprune.runtime.structure;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Finds the structure of a running model from its own forward and plans its compaction. Configured
 * immutably ({@code StructureAnalysis.of(layers).withFixedModules(...)}), then {@link #run} replays the app's
 * captured inputs: once plainly, then once per output channel of every layer with that channel perturbed,
 * which shows what feeds what without a list of known architectures.
 *
 * <p>Nothing is written: the result says what compaction would install and why anything pruned stays
 * masked; installing it is the adapter's job.
 */
public final class StructureAnalysis {
    private final List<Layer> layers;
    private final Set<String> fixedModules;

    private StructureAnalysis(List<Layer> layers, Set<String> fixedModules) {
        this.layers = layers;
        this.fixedModules = fixedModules;
    }

    /**
     * An analysis of these layers: every module with a {@code [out, in, ...]} weight the adapter can slice.
     *
     * @throws IllegalArgumentException if two layers have the same name
     */
    public static StructureAnalysis of(List<Layer> layers) {
        List<Layer> copy = List.copyOf(Objects.requireNonNull(layers, "layers"));
        Set<String> names = new HashSet<>();
        for (Layer layer : copy) {
            if (!names.add(layer.name())) {
                throw new IllegalArgumentException("layer " + layer.name() + " is given twice");
            }
        }
        return new StructureAnalysis(copy, Set.of());
    }

    /**
     * Also names the modules that hold parameters but cannot be sliced (a normalisation layer, say): a
     * channel that reaches one of them directly stays, since that module would no longer fit its input.
     */
    public StructureAnalysis withFixedModules(Collection<String> modules) {
        return new StructureAnalysis(layers, Set.copyOf(modules));
    }

    /** The layers analysed, in model order. */
    public List<Layer> layers() {
        return layers;
    }

    /** Replays the captured inputs through {@code tracer} and returns what it found. */
    public ModelStructure run(ForwardTracer tracer) {
        Objects.requireNonNull(tracer, "tracer");
        Map<String, Layer> byName = new LinkedHashMap<>();
        for (Layer layer : layers) {
            byName.put(layer.name(), layer);
        }
        Baselines baselines;
        try {
            baselines = Baselines.record(tracer);
        } catch (TraceProblem problem) {
            return unavailable(problem.getMessage());
        }
        ProducerProbe probe = new ProducerProbe(tracer, baselines, byName, fixedModules);
        List<ProducerFeeds> producers = new ArrayList<>();
        for (Layer layer : layers) {
            producers.add(probe.probe(layer));
        }
        Dependencies dependencies = new Dependencies(producers, BundleBuilder.bundles(producers));
        List<BundleVerdict> verdicts = new CutPlanner(byName, dependencies, baselines, probe, tracer).decide();
        CompactionPlan plan = LayerSlicing.plan(layers, verdicts);
        StructureReport report = StructureReporter.report(layers, dependencies, verdicts, plan, baselines.first(),
                baselines.count(), List.of());
        List<float[]> outputs = new ArrayList<>();
        for (ForwardTrace trace : baselines.all()) {
            outputs.add(trace.root().output());
        }
        return new ModelStructure(dependencies, plan, report, outputs);
    }

    private ModelStructure unavailable(String why) {
        CompactionPlan nothing = new CompactionPlan(List.of());
        Dependencies none = Dependencies.none();
        StructureReport report = StructureReporter.report(layers, none, List.of(), nothing, null, 0,
                List.of("nothing can be compacted: " + why));
        return new ModelStructure(none, nothing, report, List.of());
    }
}
