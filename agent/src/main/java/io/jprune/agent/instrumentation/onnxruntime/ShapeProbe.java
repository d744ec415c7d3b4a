package io.jprune.agent.instrumentation.onnxruntime;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The shape of every float tensor of a graph on one run, learnt from ONNX Runtime itself: the model is run privately
 * with those tensors added to its outputs. Shapes give the blocks a Reshape makes of channels and the positions that
 * multiply-accumulates are counted over; the run is one of the app's captured inputs, or zeros of the declared shape
 * (a symbolic dimension as 1) before the app ran the model.
 */
final class ShapeProbe {
    /** Operators whose outputs are no float data even when their inputs are. */
    private static final Set<String> NOT_FLOAT = Set.of("Shape", "Size", "NonZero", "ArgMax", "ArgMin",
            "ConstantOfShape", "Range", "Equal", "Less", "Greater", "LessOrEqual", "GreaterOrEqual", "Not", "And",
            "Or", "Xor", "IsNaN", "IsInf", "Cast", "TopK");

    private ShapeProbe() {
    }

    /** The declared inputs that are int64 (token ids, say). */
    static Set<String> integerInputs(GraphProto graph) {
        Set<String> integers = new HashSet<>();
        for (ValueInfoProto input : graph.getInputList()) {
            if (input.getType().getTensorType().getElemType() == TensorProto.DataType.INT64_VALUE) {
                integers.add(input.getName());
            }
        }
        return integers;
    }

    /**
     * The declared float and int64 inputs' shapes, symbolic dimensions as 1; {@code null} when an input is of
     * another type.
     */
    static Map<String, long[]> declaredInputs(GraphProto graph) {
        Set<String> initializers = new HashSet<>();
        for (TensorProto tensor : graph.getInitializerList()) {
            initializers.add(tensor.getName());
        }
        Map<String, long[]> shapes = new LinkedHashMap<>();
        for (ValueInfoProto input : graph.getInputList()) {
            if (initializers.contains(input.getName())) {
                continue;
            }
            TypeProto.Tensor type = input.getType().getTensorType();
            if (type.getElemType() != TensorProto.DataType.FLOAT_VALUE
                    && type.getElemType() != TensorProto.DataType.INT64_VALUE) {
                return null;
            }
            long[] shape = new long[type.getShape().getDimCount()];
            for (int d = 0; d < shape.length; d++) {
                TensorShapeProto.Dimension dim = type.getShape().getDim(d);
                shape[d] = dim.hasDimValue() && dim.getDimValue() > 0 ? dim.getDimValue() : 1;
            }
            shapes.put(input.getName(), shape);
        }
        return shapes;
    }

    /** Every float tensor's shape on {@code run} of {@code model} (its values as the app computes with them now). */
    static Map<String, long[]> shapes(Class<?> sessionClass, ModelProto model, OnnxRun run) {
        GraphProto.Builder graph = model.getGraph().toBuilder();
        Set<String> outputs = new HashSet<>();
        for (ValueInfoProto output : graph.getOutputList()) {
            outputs.add(output.getName());
        }
        for (String tensor : floatTensors(model.getGraph())) {
            if (outputs.add(tensor)) {
                graph.addOutput(ValueInfoProto.newBuilder().setName(tensor).setType(TypeProto.newBuilder()
                        .setTensorType(TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.FLOAT_VALUE))));
            }
        }
        Map<String, long[]> shapes = new LinkedHashMap<>();
        try (OrtReplay replay = new OrtReplay(sessionClass, model.toBuilder().setGraph(graph).build().toByteArray())) {
            replay.run(run).forEach((name, output) -> shapes.put(name, output.shape()));
        }
        shapes.putAll(run.shapes());
        return shapes;
    }

    /** The outputs of nodes that compute float data: from float inputs, initializers and constants. */
    private static Set<String> floatTensors(GraphProto graph) {
        Set<String> floats = new HashSet<>();
        for (ValueInfoProto input : graph.getInputList()) {
            if (input.getType().getTensorType().getElemType() == TensorProto.DataType.FLOAT_VALUE) {
                floats.add(input.getName());
            }
        }
        for (TensorProto tensor : graph.getInitializerList()) {
            if (tensor.getDataType() == TensorProto.DataType.FLOAT_VALUE) {
                floats.add(tensor.getName());
            }
        }
        Set<String> computed = new java.util.LinkedHashSet<>();
        for (NodeProto node : graph.getNodeList()) {
            if (node.getOpType().equals("Constant") || NOT_FLOAT.contains(node.getOpType())
                    || node.getInputCount() == 0 || !floats.contains(node.getInput(0))) {
                continue;
            }
            // only the first: a Dropout's mask and a MaxPool's indices are no float data
            floats.add(node.getOutput(0));
            computed.add(node.getOutput(0));
        }
        return computed;
    }
}
