package io.jprune.runtime.structure;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** Assembles the {@link StructureReport} from the analysis: one row per layer, reasons grouped per module. */
final class StructureReporter {
    private final Map<String, Map<String, TreeSet<Integer>>> outputsKept = new LinkedHashMap<>();
    private final Map<String, Map<String, TreeSet<Integer>>> inputsKept = new LinkedHashMap<>();
    private final Map<String, TreeSet<Integer>> deadInputs = new LinkedHashMap<>();

    private StructureReporter() {
    }

    /**
     * @param baseline the trace whose calls give each layer's output positions, or {@code null} when none
     */
    static StructureReport report(Collection<Layer> layers, Dependencies dependencies, List<BundleVerdict> verdicts,
                                  CompactionPlan plan, ForwardTrace baseline, int tracedInputs, List<String> notes) {
        StructureReporter reporter = new StructureReporter();
        reporter.collect(layers, dependencies, verdicts);
        List<ModuleStructure> rows = new ArrayList<>();
        for (Layer layer : layers) {
            rows.add(reporter.row(layer, plan.change(layer.name()), baseline));
        }
        List<String> groups = new ArrayList<>();
        for (List<String> group : dependencies.groups()) {
            groups.add(String.join(" + ", group));
        }
        return new StructureReport(rows.toArray(new ModuleStructure[0]), groups.toArray(new String[0]),
                notes.toArray(new String[0]), tracedInputs);
    }

    private void collect(Collection<Layer> layers, Dependencies dependencies, List<BundleVerdict> verdicts) {
        Map<String, Layer> byName = new HashMap<>();
        for (Layer layer : layers) {
            byName.put(layer.name(), layer);
        }
        for (BundleVerdict verdict : verdicts) {
            ChannelBundle bundle = verdict.bundle();
            if (verdict.dead()) {
                for (Map.Entry<String, int[]> consumer : bundle.consumerInputsView().entrySet()) {
                    TreeSet<Integer> dead = deadInputs.computeIfAbsent(consumer.getKey(), name -> new TreeSet<>());
                    for (int j : consumer.getValue()) {
                        dead.add(j);
                    }
                    if (!verdict.cut()) {
                        add(inputsKept, consumer.getKey(), verdict.reason(), consumer.getValue());
                    }
                }
            }
            if (verdict.reason() != null) {
                for (ProducerChannel member : bundle.members()) {
                    if (byName.get(member.producer()).outputPruned(member.channel())) {
                        add(outputsKept, member.producer(), verdict.reason(), new int[] {member.channel()});
                    }
                }
            }
        }
        for (Layer layer : layers) {
            String refusal = dependencies.producerRefusals().getOrDefault(layer.name(),
                    "the model could not be traced");
            for (int c = 0; c < layer.outChannels(); c++) {
                if (layer.outputPruned(c) && dependencies.bundleOf(layer.name(), c) == null) {
                    add(outputsKept, layer.name(), layer.name() + ": " + refusal, new int[] {c});
                }
            }
        }
    }

    private static void add(Map<String, Map<String, TreeSet<Integer>>> kept, String module, String reason,
                            int[] channels) {
        TreeSet<Integer> set = kept.computeIfAbsent(module, name -> new LinkedHashMap<>())
                .computeIfAbsent(reason, text -> new TreeSet<>());
        for (int c : channels) {
            set.add(c);
        }
    }

    private ModuleStructure row(Layer layer, LayerChange change, ForwardTrace baseline) {
        int[] shape = layer.weightShape().dims();
        int[] compacted = change == null ? shape : change.compactedShape().dims();
        List<Integer> pruned = new ArrayList<>();
        for (int c = 0; c < layer.outChannels(); c++) {
            if (layer.outputPruned(c)) {
                pruned.add(c);
            }
        }
        long positions = positions(layer, baseline);
        long kernel = layer.kernelSize();
        long macs = positions * shape[0] * shape[1] * kernel;
        long compactedMacs = positions * compacted[0] * compacted[1] * kernel;
        long parameters = (long) shape[0] * shape[1] * kernel + (layer.hasBias() ? shape[0] : 0);
        long compactedParameters = (long) compacted[0] * compacted[1] * kernel + (layer.hasBias() ? compacted[0] : 0);
        List<String> notes = new ArrayList<>();
        note(notes, outputsKept.get(layer.name()), "output channel", "stays masked", "output channels", "stay masked");
        note(notes, inputsKept.get(layer.name()), "dead input channel", "stays", "dead input channels", "stay");
        if (positions == 0) {
            notes.add("the traced forward did not run it, so its MACs are unknown");
        }
        return new ModuleStructure(layer.name(), shape, compacted, toArray(pruned),
                change == null ? new int[0] : change.removedOutputs(),
                toArray(deadInputs.getOrDefault(layer.name(), new TreeSet<>())),
                change == null ? new int[0] : change.removedInputs(), macs, compactedMacs, parameters,
                compactedParameters, notes.toArray(new String[0]));
    }

    private static void note(List<String> notes, Map<String, TreeSet<Integer>> byReason, String one, String verbOne,
                             String many, String verbMany) {
        if (byReason == null) {
            return;
        }
        for (Map.Entry<String, TreeSet<Integer>> entry : byReason.entrySet()) {
            int[] channels = toArray(entry.getValue());
            boolean single = channels.length == 1;
            notes.add((single ? one : many) + " " + IndexList.format(channels) + " " + (single ? verbOne : verbMany)
                    + ": " + entry.getKey());
        }
    }

    /** Output positions per forward of each output channel: {@code oh*ow} for a conv, 1 for a linear layer. */
    private static long positions(Layer layer, ForwardTrace baseline) {
        if (baseline == null) {
            return 0;
        }
        long positions = 0;
        for (ModuleCall call : baseline.calls()) {
            if (call.module().equals(layer.name()) && call.outputLength() % layer.outChannels() == 0) {
                positions += call.outputLength() / layer.outChannels();
            }
        }
        return positions;
    }

    private static int[] toArray(Collection<Integer> values) {
        return values.stream().mapToInt(Integer::intValue).toArray();
    }
}
