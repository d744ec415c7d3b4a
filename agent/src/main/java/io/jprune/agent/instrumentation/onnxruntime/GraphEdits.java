package io.jprune.agent.instrumentation.onnxruntime;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a compacted ONNX graph changes besides its float initializers: the entries of Reshape shape constants that
 * state a channel count, and the {@code group} attribute of depthwise Convs. Applied to the model each time a
 * generation with the compacted shapes is installed; nothing else of the graph changes.
 */
final class GraphEdits {
    /** By shape tensor: by entry, how much smaller it becomes. */
    private final Map<String, Map<Integer, Long>> shapes = new LinkedHashMap<>();
    /** By a depthwise Conv's first output: how many fewer groups it has. */
    private final Map<String, Long> groups = new LinkedHashMap<>();

    void shrinkShape(String tensor, int index, long by) {
        shapes.computeIfAbsent(tensor, t -> new LinkedHashMap<>()).merge(index, by, Long::sum);
    }

    void shrinkGroup(String node, long by) {
        groups.merge(node, by, Long::sum);
    }

    /** These edits followed by {@code next}, which was computed on a graph with these applied: the sums. */
    GraphEdits then(GraphEdits next) {
        GraphEdits both = new GraphEdits();
        for (GraphEdits edits : List.of(this, next)) {
            edits.shapes.forEach((tensor, entries) -> entries.forEach((index, by) -> both.shrinkShape(tensor, index, by)));
            edits.groups.forEach(both::shrinkGroup);
        }
        return both;
    }

    /** Applies the edits to {@code graph}, a copy of the model's own graph. */
    void apply(GraphProto.Builder graph) {
        for (int i = 0; i < graph.getInitializerCount(); i++) {
            TensorProto tensor = graph.getInitializer(i);
            if (shapes.containsKey(tensor.getName())) {
                graph.setInitializer(i, shrunk(tensor, shapes.get(tensor.getName())));
            }
        }
        for (int n = 0; n < graph.getNodeCount(); n++) {
            NodeProto node = graph.getNode(n);
            if (node.getOutputCount() == 0) {
                continue;
            }
            String output = node.getOutput(0);
            NodeProto.Builder edited = null;
            if (node.getOpType().equals("Constant") && shapes.containsKey(output)) {
                edited = node.toBuilder();
                for (int a = 0; a < edited.getAttributeCount(); a++) {
                    AttributeProto attribute = edited.getAttribute(a);
                    if (attribute.getName().equals("value")) {
                        edited.setAttribute(a, attribute.toBuilder().setT(shrunk(attribute.getT(), shapes.get(output))));
                    }
                }
            }
            if (groups.containsKey(output)) {
                edited = node.toBuilder();
                for (int a = 0; a < edited.getAttributeCount(); a++) {
                    AttributeProto attribute = edited.getAttribute(a);
                    if (attribute.getName().equals("group")) {
                        edited.setAttribute(a, attribute.toBuilder().setI(attribute.getI() - groups.get(output)));
                    }
                }
            }
            if (edited != null) {
                graph.setNode(n, edited);
            }
        }
    }

    private static TensorProto shrunk(TensorProto tensor, Map<Integer, Long> by) {
        long[] values = OnnxConstants.longs(tensor);
        by.forEach((index, amount) -> values[index] -= amount);
        return OnnxConstants.withLongs(tensor, values);
    }
}
