package io.jprune.agent.instrumentation.onnxruntime;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import io.jprune.agent.instrumentation.onnxruntime.ChannelGroup.Role;
import io.jprune.agent.instrumentation.onnxruntime.ChannelGroup.ShapeConstant;
import io.jprune.agent.instrumentation.onnxruntime.ChannelGroup.Slice;
import io.jprune.agent.instrumentation.onnxruntime.GraphChannels.Layer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The compaction of an ONNX graph's groups: which channels go (those every producer's mask cuts entirely, in groups
 * nothing refuses), the constants they still deliver folded into the next layer's bias, and every initializer sliced;
 * shape constants and depthwise group counts updated. Computed without touching the model: {@link #tensors()} and
 * {@link #edits()} say what the compacted model holds.
 */
final class GraphCompaction {
    /** A float initializer's new values and dims, in the graph's layout. */
    record Tensor(float[] values, long[] dims) {
    }

    private final GraphProto graph;
    private final GraphChannels channels;
    private final Map<String, float[]> values;
    private final Map<String, float[]> masks;
    private final Map<ChannelGroup, Set<Integer>> pruned = new LinkedHashMap<>();
    private final Map<ChannelGroup, Set<Integer>> removed = new LinkedHashMap<>();
    private final Map<String, Map<Integer, TreeSet<Integer>>> removedIndices = new LinkedHashMap<>();
    private final Map<String, Tensor> tensors = new LinkedHashMap<>();
    private final GraphEdits edits = new GraphEdits();

    private GraphCompaction(GraphProto graph, GraphChannels channels, Map<String, float[]> values,
                            Map<String, float[]> masks) {
        this.graph = graph;
        this.channels = channels;
        this.values = values;
        this.masks = masks;
    }

    /**
     * Plans the compaction.
     *
     * @param values every float initializer's values as the app computes with them now, graph layout, by name
     * @param masks  the masks of the pruned ones, graph layout, by name
     */
    static GraphCompaction plan(GraphProto graph, GraphChannels channels, Map<String, float[]> values,
                                Map<String, float[]> masks) {
        GraphCompaction compaction = new GraphCompaction(graph, channels, values, masks);
        compaction.decide();
        return compaction;
    }

    private void decide() {
        for (ChannelGroup group : channels.groups()) {
            pruned.put(group, prunedChannels(group));
        }
        Map<String, float[]> folded;
        while (true) {
            removed.clear();
            for (ChannelGroup group : channels.groups()) {
                Set<Integer> whole = wholeUnits(pruned.get(group), group.unit());
                if (group.refusals().isEmpty() && !whole.isEmpty()) {
                    removed.put(group, whole);
                }
            }
            folded = fold();
            if (folded != null) {
                break;
            }
        }
        slice(folded);
    }

    /** The channels of {@code cut} whose whole aligned run of {@code unit} (an attention head) is cut. */
    private static Set<Integer> wholeUnits(Set<Integer> cut, int unit) {
        Set<Integer> whole = new TreeSet<>();
        for (int c : cut) {
            int start = c / unit * unit;
            boolean all = true;
            for (int k = start; k < start + unit && all; k++) {
                all = cut.contains(k);
            }
            if (all) {
                whole.add(c);
            }
        }
        return whole;
    }

    /** Channels every producer's mask cuts entirely (all weights of the channel), in a group. */
    private Set<Integer> prunedChannels(ChannelGroup group) {
        Set<Integer> result = new TreeSet<>();
        boolean any = false;
        for (int c = 0; c < group.channels(); c++) {
            boolean cut = true;
            for (Slice slice : group.slices()) {
                if (slice.role() == Role.PRODUCER) {
                    any = true;
                    cut &= isCut(slice, c);
                }
            }
            if (any && cut) {
                result.add(c);
            }
        }
        return result;
    }

    private boolean isCut(Slice producer, int channel) {
        float[] mask = masks.get(producer.initializer());
        if (mask == null) {
            return false;
        }
        long[] dims = dims(producer.initializer());
        for (int index : indices(dims, producer.axis(), channel, producer.block(), producer.offset())) {
            if (mask[index] != 0) {
                return false;
            }
        }
        return true;
    }

    /** A tensor seen along one axis: {@code outer} slabs of {@code along} rows of {@code inner} values each. */
    record Span(int outer, int along, int inner) {
        static Span of(long[] dims, int axis) {
            int outer = 1;
            for (int d = 0; d < axis; d++) {
                outer *= (int) dims[d];
            }
            int inner = 1;
            for (int d = axis + 1; d < dims.length; d++) {
                inner *= (int) dims[d];
            }
            return new Span(outer, (int) dims[axis], inner);
        }
    }

    /** Every flat index of {@code channel} along {@code axis}. */
    private static int[] indices(long[] dims, int axis, int channel, int block, int offset) {
        Span span = Span.of(dims, axis);
        int outer = span.outer();
        int inner = span.inner();
        int along = span.along();
        int[] result = new int[outer * block * inner];
        int at = 0;
        for (int o = 0; o < outer; o++) {
            for (int p = 0; p < block; p++) {
                int position = (offset + channel) * block + p;
                for (int i = 0; i < inner; i++) {
                    result[at++] = (o * along + position) * inner + i;
                }
            }
        }
        return result;
    }

    /**
     * The biases with the removed channels' constants folded in, or {@code null} after refusing a group whose
     * constant cannot be folded (the caller decides again).
     */
    private Map<String, float[]> fold() {
        Map<String, double[]> constants = ChannelConstants.of(graph, channels, values::get, removed);
        Map<String, float[]> biases = new HashMap<>();
        Map<String, NodeProto> nodes = nodesByOutput();
        for (Map.Entry<ChannelGroup, Set<Integer>> entry : removed.entrySet()) {
            for (Slice slice : entry.getKey().slices()) {
                if (slice.role() != Role.CONSUMER) {
                    continue;
                }
                NodeProto node = nodes.get(slice.node());
                double[] delivered = constants.get(node.getInput(0));
                for (int c : entry.getValue()) {
                    double v = delivered == null ? Double.NaN : delivered[slice.offset() + c];
                    String problem = foldOne(node, slice, c, v, biases);
                    if (problem != null) {
                        entry.getKey().refuse(problem);
                        return null;
                    }
                }
            }
        }
        return biases;
    }

    private String foldOne(NodeProto node, Slice slice, int channel, double v, Map<String, float[]> biases) {
        String name = GraphChannels.describe(node);
        if (Double.isNaN(v)) {
            return "a removed channel would deliver values to " + name + " that are no constant jprune can fold";
        }
        if (v == 0) {
            return null;
        }
        String op = node.getOpType();
        String bias = op.equals("MatMul") ? channels.matMulBias(node.getOutput(0))
                : node.getInputCount() > 2 && channels.initializer(node.getInput(2)) != null ? node.getInput(2) : null;
        if (bias == null) {
            return "a removed channel delivers " + (float) v + " to " + name + ", which has no bias to fold it into";
        }
        if (op.equals("Conv") && ChannelConstants.padded(node)) {
            return "a removed channel delivers " + (float) v + " to " + name + ", whose zero padding makes that no "
                    + "constant at the borders";
        }
        long[] dims = dims(slice.initializer());
        float[] weight = values.get(slice.initializer());
        int outs = (int) dims[slice.axis() == 0 ? 1 : 0];
        float[] b = biases.computeIfAbsent(bias, n -> values.get(n).clone());
        if (b.length != outs) {
            return name + "'s bias is broadcast, so a removed channel's constant cannot fold into it";
        }
        double scale = op.equals("Gemm") ? GraphChannels.floatAttribute(node, "alpha", 1f)
                / GraphChannels.floatAttribute(node, "beta", 1f) : 1;
        int[] cells = indices(dims, slice.axis(), channel, slice.block(), slice.offset());
        int inner = 1;
        for (int d = 2; d < dims.length; d++) {
            inner *= (int) dims[d];
        }
        for (int index : cells) {
            int o = slice.axis() == 0 ? index % (int) dims[1] : index / ((int) dims[1] * inner);
            b[o] += (float) (scale * v * weight[index]);
        }
        return null;
    }

    private Map<String, NodeProto> nodesByOutput() {
        Map<String, NodeProto> nodes = new HashMap<>();
        for (NodeProto node : graph.getNodeList()) {
            if (node.getOutputCount() > 0) {
                nodes.put(node.getOutput(0), node);
            }
        }
        return nodes;
    }

    private void slice(Map<String, float[]> folded) {
        for (Map.Entry<ChannelGroup, Set<Integer>> entry : removed.entrySet()) {
            for (Slice slice : entry.getKey().slices()) {
                TreeSet<Integer> along = removedIndices.computeIfAbsent(slice.initializer(), n -> new HashMap<>())
                        .computeIfAbsent(slice.axis(), a -> new TreeSet<>());
                for (int c : entry.getValue()) {
                    for (int p = 0; p < slice.block(); p++) {
                        along.add((slice.offset() + c) * slice.block() + p);
                    }
                }
            }
            // one Reshape shape constant may serve Q, K and V alike: it shrinks once
            for (ShapeConstant constant : new java.util.LinkedHashSet<>(entry.getKey().shapeConstants())) {
                edits.shrinkShape(constant.tensor(), constant.index(), (long) entry.getValue().size()
                        * constant.block() / constant.divisor());
            }
            for (String node : entry.getKey().groupAttributes()) {
                edits.shrinkGroup(node, entry.getValue().size());
            }
        }
        Set<String> changed = new TreeSet<>(removedIndices.keySet());
        changed.addAll(folded.keySet());
        for (String name : changed) {
            float[] source = folded.containsKey(name) ? folded.get(name) : values.get(name);
            long[] dims = dims(name);
            Map<Integer, TreeSet<Integer>> cuts = removedIndices.getOrDefault(name, Map.of());
            for (Map.Entry<Integer, TreeSet<Integer>> cut : cuts.entrySet()) {
                source = without(source, dims, cut.getKey(), cut.getValue());
                dims = dims.clone();
                dims[cut.getKey()] -= cut.getValue().size();
            }
            tensors.put(name, new Tensor(source, dims));
        }
    }

    /** {@code values} of shape {@code dims} without the given indices along {@code axis}. */
    static float[] without(float[] values, long[] dims, int axis, Set<Integer> gone) {
        Span span = Span.of(dims, axis);
        int outer = span.outer();
        int inner = span.inner();
        int along = span.along();
        float[] result = new float[outer * (along - gone.size()) * inner];
        int at = 0;
        for (int o = 0; o < outer; o++) {
            for (int a = 0; a < along; a++) {
                if (!gone.contains(a)) {
                    System.arraycopy(values, (o * along + a) * inner, result, at, inner);
                    at += inner;
                }
            }
        }
        return result;
    }

    long[] dims(String initializer) {
        TensorProto tensor = channels.initializer(initializer);
        long[] dims = new long[tensor.getDimsCount()];
        for (int d = 0; d < dims.length; d++) {
            dims[d] = tensor.getDims(d);
        }
        return dims;
    }

    /** The initializers compaction changes, with their new values and dims. */
    Map<String, Tensor> tensors() {
        return tensors;
    }

    /** The edits beyond initializer values: shape constants, depthwise group counts. */
    GraphEdits edits() {
        return edits;
    }

    /** The channels cut entirely in each group (by every producer's mask). */
    Set<Integer> pruned(ChannelGroup group) {
        return pruned.getOrDefault(group.root(), Set.of());
    }

    /** The channels compaction removes from each group. */
    Set<Integer> removed(ChannelGroup group) {
        return removed.getOrDefault(group.root(), Set.of());
    }

    /** The indices removed along {@code axis} of an initializer. */
    Set<Integer> removedAlong(String initializer, int axis) {
        return removedIndices.getOrDefault(initializer, Map.of()).getOrDefault(axis, new TreeSet<>());
    }

    /** The layers, for the report. */
    List<Layer> layers() {
        return new ArrayList<>(channels.layers());
    }
}
