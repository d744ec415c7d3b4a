package io.jprune.agent.instrumentation.onnxruntime;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import io.jprune.agent.instrumentation.onnxruntime.GraphCompaction.Tensor;

import java.util.Map;

/** Writes a compacted ONNX model: new values and dims for some float initializers, and the graph's other edits. */
final class CompactedModel {
    private CompactedModel() {
    }

    /**
     * {@code model} with {@code tensors} (graph layout, by initializer name) in place of its initializers and
     * {@code edits} applied, serialized.
     */
    static byte[] bytes(ModelProto model, Map<String, Tensor> tensors, GraphEdits edits) {
        return model(model, tensors, edits).toByteArray();
    }

    /** As {@link #bytes}, not serialized. */
    static ModelProto model(ModelProto model, Map<String, Tensor> tensors, GraphEdits edits) {
        GraphProto.Builder graph = model.getGraph().toBuilder();
        for (int i = 0; i < graph.getInitializerCount(); i++) {
            TensorProto tensor = graph.getInitializer(i);
            Tensor replacement = tensors.get(tensor.getName());
            if (replacement != null) {
                graph.setInitializer(i, OnnxConstants.withFloats(tensor, replacement.values(), replacement.dims()));
            }
        }
        if (edits != null) {
            edits.apply(graph);
        }
        // the declared shapes of intermediate values no longer hold; ONNX Runtime infers them again
        graph.clearValueInfo();
        return model.toBuilder().setGraph(graph).build();
    }
}
