package io.jprune.agent.instrumentation.onnxruntime;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import io.jprune.agent.instrumentation.onnxruntime.GraphChannels.Flow;
import io.jprune.agent.instrumentation.onnxruntime.GraphChannels.Layer;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * What a removed channel still delivers: a producer whose weights for channel c are all pruned outputs its bias
 * everywhere, and the operators after it turn that into another constant, which compaction folds into the next
 * layer's bias, as for plain Java. Per tensor of the graph that carries channels, one value per channel ({@code NaN}
 * where it is not one constant: a kept channel, or an operator that mixes positions, such as zero padding).
 */
final class ChannelConstants {
    private final GraphChannels channels;
    private final Function<String, float[]> values;
    private final Map<String, double[]> constants = new HashMap<>();
    private final Map<String, NodeProto> producers = new HashMap<>();

    private ChannelConstants(GraphChannels channels, Function<String, float[]> values) {
        this.channels = channels;
        this.values = values;
    }

    /**
     * @param values  an initializer's values as the app computes with them now, in the graph's layout
     * @param removed the channels compaction removes, by group (its root)
     */
    static Map<String, double[]> of(GraphProto graph, GraphChannels channels, Function<String, float[]> values,
                                    Map<ChannelGroup, Set<Integer>> removed) {
        ChannelConstants constants = new ChannelConstants(channels, values);
        Map<String, Layer> layers = new HashMap<>();
        for (Layer layer : channels.layers()) {
            layers.put(layer.outputTensor(), layer);
        }
        for (NodeProto node : graph.getNodeList()) {
            constants.producers.put(node.getOutput(0), node);
        }
        for (NodeProto node : graph.getNodeList()) {
            Flow flow = channels.flows().get(node.getOutput(0));
            if (flow == null) {
                continue;
            }
            Layer layer = layers.get(node.getOutput(0));
            double[] result = layer != null ? constants.layer(layer, flow, removed) : constants.node(node, flow);
            if (result != null) {
                constants.constants.put(node.getOutput(0), result);
            }
        }
        return constants.constants;
    }

    private double[] layer(Layer layer, Flow flow, Map<ChannelGroup, Set<Integer>> removed) {
        NodeProto node = layer.node();
        int count = flow.channels();
        double[] result = new double[count];
        Arrays.fill(result, Double.NaN);
        float[] bias = layer.bias() == null ? null : values.apply(layer.bias());
        if (layer.depthwise()) {
            double[] in = constants.get(node.getInput(0));
            if (in == null || padded(node)) {
                return result;
            }
            float[] w = values.apply(layer.weight());
            int kernel = w.length / count;
            for (int c = 0; c < count; c++) {
                double sum = 0;
                for (int k = 0; k < kernel; k++) {
                    sum += w[c * kernel + k];
                }
                result[c] = in[c] * sum + (bias == null ? 0 : bias[c]);
            }
            return result;
        }
        Set<Integer> gone = removed.getOrDefault(layer.output().root(), Set.of());
        double beta = node.getOpType().equals("Gemm") ? GraphChannels.floatAttribute(node, "beta", 1f) : 1;
        for (int c : gone) {
            result[c] = bias == null ? 0 : beta * bias[bias.length == 1 ? 0 : c];
        }
        return result;
    }

    /** Whether a Conv or pool pads its input, so that a constant input is no constant output at the borders. */
    static boolean padded(NodeProto node) {
        for (long pad : GraphChannels.ints(node, "pads")) {
            if (pad != 0) {
                return true;
            }
        }
        for (var attribute : node.getAttributeList()) {
            if (attribute.getName().equals("auto_pad")) {
                String mode = attribute.getS().toStringUtf8();
                return !mode.equals("NOTSET") && !mode.equals("VALID");
            }
        }
        return false;
    }

    private double[] node(NodeProto node, Flow flow) {
        String op = node.getOpType();
        double[] in = constants.get(node.getInput(0));
        if (op.equals("Concat")) {
            double[] result = new double[flow.channels()];
            int at = 0;
            for (String input : node.getInputList()) {
                double[] part = constants.get(input);
                int size = channels.flows().get(input).channels();
                for (int c = 0; c < size; c++) {
                    result[at + c] = part == null ? Double.NaN : part[c];
                }
                at += size;
            }
            return result;
        }
        if (GraphChannels.ELEMENTWISE.contains(op)) {
            return elementwise(node, flow.channels());
        }
        if (op.equals("MatMul")) {
            return attention(node, flow.channels());
        }
        if (in == null) {
            return null;
        }
        double[] result = new double[in.length];
        if (op.equals("BatchNormalization")) {
            float[] scale = values.apply(node.getInput(1));
            float[] shift = values.apply(node.getInput(2));
            float[] mean = values.apply(node.getInput(3));
            float[] variance = values.apply(node.getInput(4));
            double epsilon = GraphChannels.floatAttribute(node, "epsilon", 1e-5f);
            for (int c = 0; c < in.length; c++) {
                result[c] = (in[c] - mean[c]) / Math.sqrt(variance[c] + epsilon) * scale[c] + shift[c];
            }
            return result;
        }
        if (op.equals("AveragePool") && padded(node) && GraphChannels.attribute(node, "count_include_pad", 0) != 0) {
            Arrays.fill(result, Double.NaN);
            return result;
        }
        for (int c = 0; c < in.length; c++) {
            result[c] = unary(node, in[c]);
        }
        return result;
    }

    /**
     * The attention weights times V: a removed head whose V is its bias everywhere gives that bias, since each row of
     * weights a Softmax made sums to 1. Anything else is no constant jprune knows.
     */
    private double[] attention(NodeProto node, int count) {
        NodeProto weights = producers.get(node.getInput(0));
        double[] v = constants.get(node.getInput(1));
        double[] result = new double[count];
        Arrays.fill(result, Double.NaN);
        if (weights == null || v == null || !weights.getOpType().equals("Softmax")
                || GraphChannels.attribute(weights, "axis", -1) != -1) {
            return result;
        }
        return v.clone();
    }

    private double unary(NodeProto node, double v) {
        return switch (node.getOpType()) {
            case "Relu" -> Math.max(v, 0);
            case "LeakyRelu" -> v >= 0 ? v : GraphChannels.floatAttribute(node, "alpha", 0.01f) * v;
            case "Sigmoid" -> 1 / (1 + Math.exp(-v));
            case "Tanh" -> Math.tanh(v);
            case "Erf" -> erf(v);
            case "Gelu" -> gelu(node, v);
            case "Elu" -> v >= 0 ? v : GraphChannels.floatAttribute(node, "alpha", 1f) * (Math.exp(v) - 1);
            case "Softplus" -> Math.log1p(Math.exp(v));
            case "HardSigmoid" -> Math.max(0, Math.min(1, GraphChannels.floatAttribute(node, "alpha", 0.2f) * v
                    + GraphChannels.floatAttribute(node, "beta", 0.5f)));
            case "Neg" -> -v;
            case "Abs" -> Math.abs(v);
            case "Exp" -> Math.exp(v);
            case "Sqrt" -> Math.sqrt(v);
            case "Clip" -> clip(node, v);
            case "Identity", "Dropout", "MaxPool", "AveragePool", "GlobalAveragePool", "GlobalMaxPool", "Reshape",
                 "Flatten", "Transpose", "Cast" -> v;
            default -> Double.NaN;
        };
    }

    private double clip(NodeProto node, double v) {
        double low = GraphChannels.floatAttribute(node, "min", -Float.MAX_VALUE);
        double high = GraphChannels.floatAttribute(node, "max", Float.MAX_VALUE);
        if (node.getInputCount() > 1 && !node.getInput(1).isEmpty()) {
            low = scalar(node.getInput(1));
        }
        if (node.getInputCount() > 2 && !node.getInput(2).isEmpty()) {
            high = scalar(node.getInput(2));
        }
        return Math.max(low, Math.min(high, v));
    }

    private double scalar(String tensor) {
        TensorProto constant = channels.constant(tensor);
        return constant == null ? Double.NaN : OnnxGraph.floats(constant)[0];
    }

    private static double gelu(NodeProto node, double v) {
        for (var attribute : node.getAttributeList()) {
            if (attribute.getName().equals("approximate") && attribute.getS().toStringUtf8().equals("tanh")) {
                return 0.5 * v * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (v + 0.044715 * v * v * v)));
            }
        }
        return 0.5 * v * (1 + erf(v / Math.sqrt(2)));
    }

    /** The error function to about 1e-13 (a continued fraction past 3, the Taylor series below). */
    static double erf(double x) {
        double z = Math.abs(x);
        double result;
        if (z < 3) {
            double term = z;
            double sum = z;
            for (int n = 1; n < 200 && Math.abs(term) > 1e-17 * Math.abs(sum); n++) {
                term *= -z * z / n;
                sum += term / (2 * n + 1);
            }
            result = 2 / Math.sqrt(Math.PI) * sum;
        } else {
            double fraction = 0;
            for (int n = 60; n >= 1; n--) {
                fraction = n / 2.0 / (z + fraction);
            }
            result = 1 - Math.exp(-z * z) / Math.sqrt(Math.PI) / (z + fraction);
        }
        return x < 0 ? -result : result;
    }

    private double[] elementwise(NodeProto node, int count) {
        double[] result = null;
        for (int i = 0; i < node.getInputCount(); i++) {
            double[] operand = operand(node.getInput(i), count);
            if (operand == null) {
                return null;
            }
            if (result == null) {
                result = operand.clone();
                continue;
            }
            for (int c = 0; c < count; c++) {
                result[c] = apply(node.getOpType(), result[c], operand[c]);
            }
        }
        return result;
    }

    private double[] operand(String input, int count) {
        if (channels.flows().containsKey(input)) {
            return constants.get(input);
        }
        TensorProto constant = channels.constant(input);
        if (constant == null) {
            return null;
        }
        float[] stored = channels.initializer(input) != null ? values.apply(input) : OnnxGraph.floats(constant);
        double[] operand = new double[count];
        for (int c = 0; c < count; c++) {
            operand[c] = stored.length == 1 ? stored[0] : stored.length == count ? stored[c] : Double.NaN;
        }
        return operand;
    }

    private static double apply(String op, double a, double b) {
        return switch (op) {
            case "Add" -> a + b;
            case "Sub" -> a - b;
            case "Mul" -> a * b;
            case "Div" -> a / b;
            case "Max" -> Math.max(a, b);
            case "Min" -> Math.min(a, b);
            case "Pow" -> Math.pow(a, b);
            default -> Double.NaN;
        };
    }

}
