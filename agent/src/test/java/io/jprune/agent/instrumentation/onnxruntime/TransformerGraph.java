package io.jprune.agent.instrumentation.onnxruntime;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;

import java.util.Random;

/**
 * A one-block transformer encoder as PyTorch exports it, built with ONNX's protobuf classes: Q, K and V projections
 * split into heads by Reshape and Transpose, scaled dot-product attention, the output projection, a residual Add and
 * LayerNormalization, then the feed-forward MatMul, bias Add, Relu, MatMul, residual Add and LayerNormalization.
 */
final class TransformerGraph {
    static final int SEQUENCE = 6;
    static final int MODEL = 16;
    static final int HEADS = 4;
    static final int HIDDEN = 64;

    private final GraphProto.Builder graph = GraphProto.newBuilder().setName("encoder");
    private final Random random = new Random(7);
    private final int sequence;
    private final int model;
    private final int heads;
    private final int hidden;

    private TransformerGraph(int sequence, int model, int heads, int hidden) {
        this.sequence = sequence;
        this.model = model;
        this.heads = heads;
        this.hidden = hidden;
    }

    /** The serialized model, small: 6 tokens of 16 features, 4 heads, 64 hidden features. */
    static byte[] model() {
        return model(SEQUENCE, MODEL, HEADS, HIDDEN);
    }

    /** The serialized model of these sizes. */
    static byte[] model(int sequence, int model, int heads, int hidden) {
        TransformerGraph t = new TransformerGraph(sequence, model, heads, hidden);
        t.build();
        return ModelProto.newBuilder().setIrVersion(8).setProducerName("jprune-test")
                .addOpsetImport(OperatorSetIdProto.newBuilder().setVersion(17)).setGraph(t.graph).build()
                .toByteArray();
    }

    private void build() {
        graph.addInput(GraphBuilding.value("x", 1, sequence, model));
        String q = heads(linear("x", "attention.query", model, model), "q", false);
        String k = heads(linear("x", "attention.key", model, model), "k", true);
        String v = heads(linear("x", "attention.value", model, model), "v", false);
        GraphBuilding.node(graph, "MatMul", "scores", q, k);
        scalar("scale", (float) Math.sqrt((model / heads)));
        GraphBuilding.node(graph, "Div", "scaled", "scores", "scale");
        graph.addNode(NodeProto.newBuilder().setOpType("Softmax").addInput("scaled").addOutput("weights")
                .addAttribute(AttributeProto.newBuilder().setName("axis").setType(AttributeProto.AttributeType.INT)
                        .setI(-1)));
        GraphBuilding.node(graph, "MatMul", "context", "weights", v);
        transpose("context", "context_t", 0, 2, 1, 3);
        shape("merge_shape", 1, sequence, model);
        GraphBuilding.node(graph, "Reshape", "merged", "context_t", "merge_shape");
        String attended = linear("merged", "attention.output", model, model);
        GraphBuilding.node(graph, "Add", "residual1", attended, "x");
        String h = layerNorm("residual1", "attention.norm");
        String expanded = linear(h, "ffn.fc1", model, hidden);
        GraphBuilding.node(graph, "Relu", "activated", expanded);
        String ffn = linear("activated", "ffn.fc2", hidden, model);
        GraphBuilding.node(graph, "Add", "residual2", ffn, h);
        String out = layerNorm("residual2", "ffn.norm");
        GraphBuilding.node(graph, "Identity", "y", out);
        graph.addOutput(GraphBuilding.value("y", 1, sequence, model));
    }

    private String linear(String input, String module, int in, int out) {
        graph.addInitializer(floats(module + ".weight", 1 / (float) Math.sqrt(in), in, out));
        graph.addInitializer(floats(module + ".bias", 0.1f, out));
        GraphBuilding.node(graph, "MatMul", module + "_mm", input, module + ".weight");
        GraphBuilding.node(graph, "Add", module + "_out", module + "_mm", module + ".bias");
        return module + "_out";
    }

    private String heads(String projected, String name, boolean transposedForScores) {
        shape(name + "_shape", 1, sequence, heads, (model / heads));
        GraphBuilding.node(graph, "Reshape", name + "_split", projected, name + "_shape");
        if (transposedForScores) {
            transpose(name + "_split", name + "_heads", 0, 2, 3, 1);
        } else {
            transpose(name + "_split", name + "_heads", 0, 2, 1, 3);
        }
        return name + "_heads";
    }

    private String layerNorm(String input, String module) {
        TensorProto.Builder scale = TensorProto.newBuilder().setName(module + ".weight")
                .setDataType(TensorProto.DataType.FLOAT_VALUE).addDims(model);
        TensorProto.Builder shift = TensorProto.newBuilder().setName(module + ".bias")
                .setDataType(TensorProto.DataType.FLOAT_VALUE).addDims(model);
        for (int i = 0; i < model; i++) {
            scale.addFloatData(1 + 0.1f * (float) random.nextGaussian());
            shift.addFloatData(0.1f * (float) random.nextGaussian());
        }
        graph.addInitializer(scale).addInitializer(shift);
        graph.addNode(NodeProto.newBuilder().setOpType("LayerNormalization").setName("/" + module + "/LayerNorm")
                .addInput(input).addInput(module + ".weight").addInput(module + ".bias").addOutput(module + "_out")
                .addAttribute(AttributeProto.newBuilder().setName("axis").setType(AttributeProto.AttributeType.INT)
                        .setI(-1)));
        return module + "_out";
    }


    private void transpose(String input, String output, long... perm) {
        AttributeProto.Builder attribute = AttributeProto.newBuilder().setName("perm")
                .setType(AttributeProto.AttributeType.INTS);
        for (long p : perm) {
            attribute.addInts(p);
        }
        graph.addNode(NodeProto.newBuilder().setOpType("Transpose").setName("/" + output + "/Transpose")
                .addInput(input).addOutput(output).addAttribute(attribute));
    }

    private void shape(String name, long... dims) {
        TensorProto.Builder tensor = TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.INT64_VALUE)
                .addDims(dims.length);
        for (long d : dims) {
            tensor.addInt64Data(d);
        }
        graph.addInitializer(tensor);
    }

    private void scalar(String name, float value) {
        graph.addInitializer(TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.FLOAT_VALUE)
                .addFloatData(value));
    }

    private TensorProto floats(String name, float scale, int... dims) {
        TensorProto.Builder tensor = TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.FLOAT_VALUE);
        int count = 1;
        for (int d : dims) {
            tensor.addDims(d);
            count *= d;
        }
        for (int i = 0; i < count; i++) {
            tensor.addFloatData(scale * (float) random.nextGaussian());
        }
        return tensor.build();
    }

}
