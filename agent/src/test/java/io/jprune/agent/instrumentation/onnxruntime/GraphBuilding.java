package io.jprune.agent.instrumentation.onnxruntime;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;

/** What the tests' graphs are built from: float values of a fixed shape, and nodes named as PyTorch's exporter does. */
final class GraphBuilding {
    private GraphBuilding() {
    }

    /** A float value of this shape, for a graph's inputs and outputs. */
    static ValueInfoProto value(String name, long... dims) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        for (long d : dims) {
            shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        }
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(
                TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.FLOAT_VALUE).setShape(shape))).build();
    }

    /** Adds a node {@code /output/op} with these inputs and one output. */
    static void node(GraphProto.Builder graph, String op, String output, String... inputs) {
        NodeProto.Builder node = NodeProto.newBuilder().setOpType(op).setName("/" + output + "/" + op)
                .addOutput(output);
        for (String input : inputs) {
            node.addInput(input);
        }
        graph.addNode(node);
    }
}
