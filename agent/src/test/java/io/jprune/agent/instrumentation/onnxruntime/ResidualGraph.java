package io.jprune.agent.instrumentation.onnxruntime;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;

import java.util.Random;

/**
 * A small CNN with what a channel analysis must follow, built with ONNX's protobuf classes: {@code a} (Conv 3 -> 8,
 * padded) -> BatchNormalization -> Relu -> {@code b} (Conv 8 -> 8, 1x1), whose output is added back to the Relu's
 * (a residual: a's and b's channels go together), a depthwise Conv ({@code dw}, group 8) -> Relu, concatenated with
 * {@code c} (Conv 3 -> 4, 3x3) along the channels, flattened into {@code head} (Gemm 12*36 -> 10, transB=1).
 */
final class ResidualGraph {
    private final GraphProto.Builder graph = GraphProto.newBuilder().setName("residual");
    private final Random random = new Random(11);

    private ResidualGraph() {
    }

    static byte[] model() {
        ResidualGraph g = new ResidualGraph();
        g.build();
        return ModelProto.newBuilder().setIrVersion(8).addOpsetImport(OperatorSetIdProto.newBuilder().setVersion(13))
                .setGraph(g.graph).build().toByteArray();
    }

    private void build() {
        graph.addInput(GraphBuilding.value("x", 1, 3, 8, 8));
        conv("x", "a", 8, 3, 3, 1, 1);
        for (String part : new String[] {"weight", "bias", "running_mean", "running_var"}) {
            float[] values = new float[8];
            for (int i = 0; i < 8; i++) {
                values[i] = part.equals("running_var") ? 0.5f + random.nextFloat() : (float) random.nextGaussian();
            }
            graph.addInitializer(tensor("bn." + part, values, 8));
        }
        graph.addNode(NodeProto.newBuilder().setOpType("BatchNormalization").setName("/bn/BatchNormalization")
                .addInput("a_out").addInput("bn.weight").addInput("bn.bias").addInput("bn.running_mean")
                .addInput("bn.running_var").addOutput("bn_out"));
        GraphBuilding.node(graph, "Relu", "relu_a", "bn_out");
        conv("relu_a", "b", 8, 8, 1, 0, 1);
        GraphBuilding.node(graph, "Add", "residual", "b_out", "relu_a");
        conv("residual", "dw", 8, 1, 3, 0, 8);
        GraphBuilding.node(graph, "Relu", "relu_dw", "dw_out");
        conv("x", "c", 4, 3, 3, 0, 1);
        graph.addNode(NodeProto.newBuilder().setOpType("Concat").setName("/cat/Concat").addInput("relu_dw")
                .addInput("c_out").addOutput("cat").addAttribute(AttributeProto.newBuilder().setName("axis")
                        .setType(AttributeProto.AttributeType.INT).setI(1)));
        graph.addNode(NodeProto.newBuilder().setOpType("Flatten").setName("/flat/Flatten").addInput("cat")
                .addOutput("flat").addAttribute(AttributeProto.newBuilder().setName("axis")
                        .setType(AttributeProto.AttributeType.INT).setI(1)));
        graph.addInitializer(tensor("head.weight", gaussian(10 * 12 * 36, 0.05f), 10, 12 * 36));
        graph.addInitializer(tensor("head.bias", gaussian(10, 0.1f), 10));
        graph.addNode(NodeProto.newBuilder().setOpType("Gemm").setName("/head/Gemm").addInput("flat")
                .addInput("head.weight").addInput("head.bias").addOutput("y").addAttribute(AttributeProto.newBuilder()
                        .setName("transB").setType(AttributeProto.AttributeType.INT).setI(1)));
        graph.addOutput(GraphBuilding.value("y", 1, 10));
    }

    private void conv(String input, String name, int out, int in, int kernel, int pad, int group) {
        graph.addInitializer(tensor(name + ".weight", gaussian(out * in * kernel * kernel, 0.3f), out, in, kernel,
                kernel));
        graph.addInitializer(tensor(name + ".bias", gaussian(out, 0.2f), out));
        NodeProto.Builder node = NodeProto.newBuilder().setOpType("Conv").setName("/" + name + "/Conv").addInput(input)
                .addInput(name + ".weight").addInput(name + ".bias").addOutput(name + "_out")
                .addAttribute(ints("kernel_shape", kernel, kernel)).addAttribute(ints("pads", pad, pad, pad, pad));
        if (group > 1) {
            node.addAttribute(AttributeProto.newBuilder().setName("group").setType(AttributeProto.AttributeType.INT)
                    .setI(group));
        }
        graph.addNode(node);
    }


    private static AttributeProto ints(String name, long... values) {
        AttributeProto.Builder attribute = AttributeProto.newBuilder().setName(name)
                .setType(AttributeProto.AttributeType.INTS);
        for (long value : values) {
            attribute.addInts(value);
        }
        return attribute.build();
    }

    private float[] gaussian(int count, float scale) {
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            values[i] = scale * (float) random.nextGaussian();
        }
        return values;
    }

    private static TensorProto tensor(String name, float[] values, long... dims) {
        TensorProto.Builder tensor = TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.FLOAT_VALUE);
        for (long d : dims) {
            tensor.addDims(d);
        }
        for (float value : values) {
            tensor.addFloatData(value);
        }
        return tensor.build();
    }

}
