package io.jprune.agent.instrumentation.onnxruntime;

import ai.onnx.proto.OnnxMl.NodeProto;
import io.jprune.agent.instrumentation.onnxruntime.ChannelGroup.Role;
import io.jprune.agent.instrumentation.onnxruntime.ChannelGroup.Slice;
import io.jprune.agent.instrumentation.onnxruntime.GraphChannels.Layer;
import io.jprune.runtime.structure.IndexList;
import io.jprune.runtime.structure.ModuleStructure;
import io.jprune.runtime.structure.StructureReport;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The structure report of an ONNX graph, in the same form as for plain Java: one row per layer (a Conv, Gemm or
 * MatMul with an initializer weight) in PyTorch's {@code [out, in, kernel...]} terms, the groups of coupled channels,
 * and per group why it cannot be compacted.
 */
final class GraphReport {
    private final GraphChannels channels;
    private final GraphCompaction compaction;
    private final Map<String, OnnxParameter> parameters;
    private final Map<String, float[]> masks;

    private GraphReport(GraphChannels channels, GraphCompaction compaction, Map<String, OnnxParameter> parameters,
                        Map<String, float[]> masks) {
        this.channels = channels;
        this.compaction = compaction;
        this.parameters = parameters;
        this.masks = masks;
    }

    /**
     * @param parameters the parameters, by initializer name
     * @param masks      the masks of pruned initializers, graph layout, by initializer name
     * @param notes      model-wide remarks (where the shapes came from)
     * @param runs       how many captured runs the compaction is checked on
     */
    static StructureReport of(GraphChannels channels, GraphCompaction compaction,
                              Map<String, OnnxParameter> parameters, Map<String, float[]> masks, List<String> notes,
                              int runs) {
        GraphReport report = new GraphReport(channels, compaction, parameters, masks);
        List<ModuleStructure> rows = new ArrayList<>();
        for (Layer layer : channels.layers()) {
            rows.add(report.row(layer));
        }
        List<String> groups = new ArrayList<>();
        List<String> allNotes = new ArrayList<>(notes);
        for (ChannelGroup group : channels.groups()) {
            String text = report.describe(group);
            groups.add(text);
            if (!group.refusals().isEmpty()) {
                allNotes.add(text + ": cannot be compacted: " + String.join("; ", group.refusals()));
            }
        }
        return new StructureReport(rows.toArray(new ModuleStructure[0]), groups.toArray(new String[0]),
                allNotes.toArray(new String[0]), runs);
    }

    private String describe(ChannelGroup group) {
        Set<String> producers = new LinkedHashSet<>();
        Set<String> consumers = new LinkedHashSet<>();
        List<Slice> inGraphOrder = new ArrayList<>(group.slices());
        inGraphOrder.sort(Comparator.comparingInt(slice -> layerIndex(slice.node())));
        for (Slice slice : inGraphOrder) {
            String module = module(slice.initializer(), slice.node());
            if (slice.role() == Role.PRODUCER) {
                producers.add(module + " out");
            } else if (slice.role() == Role.CONSUMER) {
                consumers.add(module + " in" + (slice.block() > 1 ? " (blocks of " + slice.block() + ")" : ""));
            }
        }
        return String.join(" + ", producers) + " -> " + (consumers.isEmpty() ? "nothing jprune slices"
                : String.join(", ", consumers)) + " [" + group.channels() + " channels"
                + (group.unit() > 1 ? ", in heads of " + group.unit() : "") + "]";
    }

    /** Where the node with this first output comes among the layers (a follower's node after them all). */
    private int layerIndex(String node) {
        List<Layer> layers = channels.layers();
        for (int i = 0; i < layers.size(); i++) {
            if (layers.get(i).outputTensor().equals(node)) {
                return i;
            }
        }
        return layers.size();
    }

    private String module(String initializer, String node) {
        OnnxParameter parameter = parameters.get(initializer);
        return parameter != null ? parameter.module() : initializer;
    }

    private ModuleStructure row(Layer layer) {
        NodeProto node = layer.node();
        String weight = layer.weight();
        long[] dims = compaction.dims(weight);
        boolean rowsOut = node.getOpType().equals("Conv")
                || node.getOpType().equals("Gemm") && GraphChannels.attribute(node, "transB", 0) != 0;
        int outAxis = rowsOut ? 0 : 1;
        int inAxis = 1 - outAxis;
        int out = (int) dims[outAxis];
        int in = (int) dims[inAxis];
        long kernel = 1;
        for (int d = 2; d < dims.length; d++) {
            kernel *= dims[d];
        }
        int[] shape = new int[dims.length];
        shape[0] = out;
        shape[1] = in;
        for (int d = 2; d < dims.length; d++) {
            shape[d] = (int) dims[d];
        }
        Set<Integer> removedOut = compaction.removedAlong(weight, outAxis);
        Set<Integer> removedIn = compaction.removedAlong(weight, inAxis);
        int[] compacted = shape.clone();
        compacted[0] -= removedOut.size();
        compacted[1] -= removedIn.size();
        int[] prunedOut = cutRows(weight, dims, outAxis);
        List<String> notes = new ArrayList<>();
        int[] kept = Arrays.stream(prunedOut).filter(c -> !removedOut.contains(c)).toArray();
        if (layer.output() != null && kept.length > 0) {
            notes.add((kept.length == 1 ? "output channel " : "output channels ") + IndexList.format(kept)
                    + (kept.length == 1 ? " stays masked: " : " stay masked: ")
                    + reasons(layer.output()));
        }
        TreeSet<Integer> dead = new TreeSet<>();
        if (layer.input() != null && !layer.depthwise()) {
            int offset = 0;
            for (ChannelGroup segment : layer.input().segments()) {
                Set<Integer> cut = compaction.pruned(segment);
                for (int c : cut) {
                    for (int p = 0; p < layer.input().block(); p++) {
                        dead.add((offset + c) * layer.input().block() + p);
                    }
                }
                if (!cut.isEmpty() && compaction.removed(segment).isEmpty()) {
                    notes.add("dead input channels of " + segment.origin() + " stay: " + reasons(segment));
                }
                offset += segment.channels();
            }
        }
        long positions = positions(layer, out);
        long bias = biasSize(layer);
        long macs = positions * out * in * kernel;
        long compactedMacs = positions * compacted[0] * compacted[1] * kernel;
        long params = (long) out * in * kernel + bias;
        long compactedParams = (long) compacted[0] * compacted[1] * kernel
                + (bias == out ? compacted[0] : bias);
        if (positions == 0) {
            notes.add("its output shape is unknown (no run of the model yet), so its MACs are too");
        }
        return new ModuleStructure(module(weight, node.getOutput(0)), shape, compacted, prunedOut, toArray(removedOut),
                toArray(dead), toArray(removedIn), macs, compactedMacs, params, compactedParams,
                notes.toArray(new String[0]));
    }

    private static String reasons(ChannelGroup group) {
        if (!group.refusals().isEmpty()) {
            return String.join("; ", group.refusals());
        }
        return group.unit() > 1 ? "attention heads of " + group.unit() + " features go whole, and not every feature "
                + "of its head is pruned in every producer" : "a channel it is coupled with is not pruned in every "
                + "producer";
    }

    private int[] cutRows(String weight, long[] dims, int axis) {
        float[] mask = masks.get(weight);
        if (mask == null) {
            return new int[0];
        }
        GraphCompaction.Span span = GraphCompaction.Span.of(dims, axis);
        int outer = span.outer();
        int inner = span.inner();
        int along = span.along();
        List<Integer> cut = new ArrayList<>();
        for (int a = 0; a < along; a++) {
            boolean zero = true;
            for (int o = 0; o < outer && zero; o++) {
                for (int i = 0; i < inner; i++) {
                    if (mask[(o * along + a) * inner + i] != 0) {
                        zero = false;
                        break;
                    }
                }
            }
            if (zero) {
                cut.add(a);
            }
        }
        return toArray(cut);
    }

    private long positions(Layer layer, int out) {
        long[] shape = channels.shape(layer.outputTensor());
        if (shape == null || out == 0) {
            return 0;
        }
        long count = 1;
        for (long d : shape) {
            count *= d;
        }
        return count / out;
    }

    private long biasSize(Layer layer) {
        String bias = layer.bias() != null ? layer.bias() : channels.matMulBias(layer.outputTensor());
        return bias == null ? 0 : GraphChannels.numel(channels.initializer(bias));
    }

    private static int[] toArray(java.util.Collection<Integer> values) {
        return values.stream().mapToInt(Integer::intValue).toArray();
    }
}
