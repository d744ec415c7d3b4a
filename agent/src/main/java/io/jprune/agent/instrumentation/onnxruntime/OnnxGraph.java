package io.jprune.agent.instrumentation.onnxruntime;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import com.google.protobuf.UnsafeByteOperations;
import com.google.protobuf.InvalidProtocolBufferException;
import io.jprune.runtime.tensor.Shape;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * An ONNX model read with ONNX's own protobuf classes, seen as PyTorch would list it: which initializers are
 * parameters, under which module and name, in which layout; which are not, and why. Writes a copy of the model with
 * new values for some parameters.
 */
final class OnnxGraph {
    /** A name PyTorch's exporter keeps: {@code conv1.weight}, {@code encoder.layer.0.output.dense.bias}. */
    private static final Pattern PYTORCH_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z0-9_]+)+");
    /** Operators whose inputs after the first are shapes, indices or sizes rather than data. */
    private static final Set<String> SHAPE_INPUTS = Set.of("Reshape", "Expand", "Tile", "Slice", "Resize", "Pad",
            "Squeeze", "Unsqueeze", "ConstantOfShape", "Range", "Gather", "TopK", "Split", "ReduceSum", "ReduceMean");

    /** The model itself; {@code null} in a {@link #layout()}, which keeps only what lists it. */
    private final ModelProto model;
    private final String graphName;
    private final List<OnnxParameter> parameters;
    private final Map<String, String> notParameters;
    /** Parameters' values in PyTorch's layout, by ONNX name, as {@link #values} decoded them. */
    private final Map<String, float[]> decoded = new ConcurrentHashMap<>();

    private OnnxGraph(ModelProto model, String graphName, List<OnnxParameter> parameters,
                      Map<String, String> notParameters) {
        this.model = model;
        this.graphName = graphName;
        this.parameters = List.copyOf(parameters);
        this.notParameters = Collections.unmodifiableMap(new LinkedHashMap<>(notParameters));
    }

    /**
     * This graph without the model's values: its parameters, the initializers that are not, its name. What jprune
     * keeps while a session lives, so that the model's bytes are not held on the Java heap.
     */
    OnnxGraph layout() {
        return new OnnxGraph(null, graphName, parameters, notParameters);
    }

    /**
     * Reads a serialized {@code ModelProto}.
     *
     * @throws IllegalArgumentException when the bytes are no ONNX model
     */
    static OnnxGraph parse(byte[] bytes) {
        ModelProto model;
        try {
            model = ModelProto.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException("not an ONNX model: " + e.getMessage(), e);
        }
        GraphProto graph = model.getGraph();
        Map<String, TensorProto> initializers = new LinkedHashMap<>();
        for (TensorProto tensor : graph.getInitializerList()) {
            initializers.put(tensor.getName(), tensor);
        }
        List<OnnxParameter> parameters = new ArrayList<>();
        Map<String, String> notParameters = new LinkedHashMap<>();
        Set<String> seen = new HashSet<>();
        Set<String> taken = new HashSet<>();
        for (int n = 0; n < graph.getNodeCount(); n++) {
            NodeProto node = graph.getNode(n);
            for (int i = 0; i < node.getInputCount(); i++) {
                TensorProto tensor = initializers.get(node.getInput(i));
                if (tensor == null || !seen.add(tensor.getName())) {
                    continue;
                }
                String reason = whyNotAParameter(tensor, node, i);
                if (reason != null) {
                    notParameters.put(tensor.getName(), reason);
                    continue;
                }
                parameters.add(parameter(tensor, node, n, i, taken));
            }
        }
        for (String name : initializers.keySet()) {
            if (!seen.contains(name)) {
                notParameters.put(name, "feeds no node of the graph");
            }
        }
        return new OnnxGraph(model, graph.getName(), parameters, notParameters);
    }

    private static String whyNotAParameter(TensorProto tensor, NodeProto consumer, int input) {
        if (tensor.getDataLocation() == TensorProto.DataLocation.EXTERNAL) {
            return "its values are stored outside the model file (external data)";
        }
        int type = tensor.getDataType();
        if (type != TensorProto.DataType.FLOAT_VALUE) {
            String typeName = TensorProto.DataType.forNumber(type) == null ? "type " + type
                    : TensorProto.DataType.forNumber(type).name().toLowerCase();
            boolean quantized = type == TensorProto.DataType.INT8_VALUE || type == TensorProto.DataType.UINT8_VALUE;
            return (quantized ? "a quantized weight (" : type == TensorProto.DataType.INT64_VALUE
                    || type == TensorProto.DataType.INT32_VALUE ? "integer shapes or indices (" : "not float32 (")
                    + typeName + "); jprune prunes float32 initializers";
        }
        if (input > 0 && SHAPE_INPUTS.contains(consumer.getOpType())) {
            return "a shape or index input of " + consumer.getOpType() + ", not a weight";
        }
        return null;
    }

    private static OnnxParameter parameter(TensorProto tensor, NodeProto consumer, int nodeIndex, int input,
                                           Set<String> taken) {
        int[] stored = new int[tensor.getDimsCount()];
        for (int d = 0; d < stored.length; d++) {
            stored[d] = Math.toIntExact(tensor.getDims(d));
        }
        String op = consumer.getOpType();
        boolean transposed = stored.length == 2 && input == 1
                && (op.equals("MatMul") || op.equals("Gemm") && attribute(consumer, "transB") == 0);
        Shape shape = transposed ? Shape.of(stored[1], stored[0]) : Shape.of(stored);
        String layer = layer(op, stored.length);
        String onnxName = tensor.getName();
        String module;
        String name;
        if (PYTORCH_NAME.matcher(onnxName).matches() && taken.add(onnxName)) {
            int dot = onnxName.lastIndexOf('.');
            module = onnxName.substring(0, dot);
            name = onnxName.substring(dot + 1);
        } else {
            module = moduleOf(consumer, nodeIndex);
            name = role(op, input);
            String base = name;
            for (int k = 2; !taken.add(module.isEmpty() ? name : module + "." + name); k++) {
                name = base + "_" + k;
            }
        }
        return new OnnxParameter(onnxName, module, name, shape, transposed, layer);
    }

    /** {@code /encoder/layer.0/attention/self/query/MatMul} is module {@code encoder.layer.0.attention.self.query}. */
    private static String moduleOf(NodeProto node, int nodeIndex) {
        String name = node.getName();
        int last = name.lastIndexOf('/');
        if (last > 0) {
            return name.substring(name.startsWith("/") ? 1 : 0, last).replace('/', '.');
        }
        String own = name.isEmpty() ? node.getOpType() + "_" + nodeIndex : name;
        return own.replaceAll("[^A-Za-z0-9_]", "_");
    }

    private static String role(String op, int input) {
        return switch (op) {
            case "Conv", "ConvTranspose", "Gemm", "MatMul" -> input == 1 ? "weight" : input == 2 ? "bias" : "input";
            case "Add" -> "bias";
            default -> "weight";
        };
    }

    private static String layer(String op, int rank) {
        return switch (op) {
            case "Conv" -> rank >= 3 && rank <= 5 ? "Conv" + (rank - 2) + "d" : op;
            case "ConvTranspose" -> rank >= 3 && rank <= 5 ? "ConvTranspose" + (rank - 2) + "d" : op;
            case "Gemm", "MatMul" -> "Linear";
            default -> op;
        };
    }

    private static long attribute(NodeProto node, String name) {
        for (AttributeProto attribute : node.getAttributeList()) {
            if (attribute.getName().equals(name)) {
                return attribute.getI();
            }
        }
        return 0;
    }

    /** The float initializers that are parameters, in the order the graph first uses them. */
    List<OnnxParameter> parameters() {
        return parameters;
    }

    /** The initializers that are not parameters, each with the reason a person reads, in the graph's order. */
    Map<String, String> notParameters() {
        return notParameters;
    }

    /** The graph's name, e.g. {@code torch-jit-export}. */
    String graphName() {
        return graphName;
    }

    /**
     * The values of a parameter, in PyTorch's layout, in a new array; not for a {@link #layout()}. A prune asks for
     * each several times: they are decoded and relaid out once for as long as this graph is kept.
     */
    float[] values(OnnxParameter parameter) {
        requireModel();
        return decoded.computeIfAbsent(parameter.onnxName(), name -> {
            for (TensorProto tensor : model.getGraph().getInitializerList()) {
                if (tensor.getName().equals(name)) {
                    return parameter.relayout(floats(tensor), false);
                }
            }
            throw new IllegalStateException("the model has no initializer " + name);
        }).clone();
    }

    /** A float tensor's values, from its raw bytes or its float list. */
    static float[] floats(TensorProto tensor) {
        if (!tensor.getRawData().isEmpty()) {
            ByteBuffer raw = tensor.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
            float[] values = new float[raw.remaining() / Float.BYTES];
            raw.asFloatBuffer().get(values);
            return values;
        }
        float[] values = new float[tensor.getFloatDataCount()];
        for (int i = 0; i < values.length; i++) {
            values[i] = tensor.getFloatData(i);
        }
        return values;
    }

    /**
     * The serialized model with the given parameters' values (PyTorch's layout) written into its initializers, in
     * the graph's layout; everything else as it was.
     */
    byte[] withValues(Map<OnnxParameter, float[]> values) {
        return withValues(values.keySet(), values::get);
    }

    /**
     * {@link #withValues(Map)} with each parameter's values asked for only when its initializer is written, so that
     * no more than one parameter's values are held at a time besides the model.
     */
    byte[] withValues(Collection<OnnxParameter> parameters, Function<OnnxParameter, float[]> values) {
        Map<String, OnnxParameter> byName = new LinkedHashMap<>();
        for (OnnxParameter parameter : parameters) {
            byName.put(parameter.onnxName(), parameter);
        }
        requireModel();
        GraphProto.Builder graph = model.getGraph().toBuilder();
        for (int i = 0; i < graph.getInitializerCount(); i++) {
            OnnxParameter parameter = byName.get(graph.getInitializer(i).getName());
            if (parameter != null) {
                float[] stored = parameter.relayout(values.apply(parameter), true);
                ByteBuffer raw = ByteBuffer.allocate(stored.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
                raw.asFloatBuffer().put(stored);
                graph.setInitializer(i, graph.getInitializer(i).toBuilder().clearFloatData()
                        .setRawData(UnsafeByteOperations.unsafeWrap(raw.array())));
            }
        }
        return model.toBuilder().setGraph(graph).build().toByteArray();
    }

    /** The model itself; not for a {@link #layout()}. */
    ModelProto model() {
        requireModel();
        return model;
    }

    private void requireModel() {
        if (model == null) {
            throw new IllegalStateException("a graph's layout holds no values; read the model again");
        }
    }
}
