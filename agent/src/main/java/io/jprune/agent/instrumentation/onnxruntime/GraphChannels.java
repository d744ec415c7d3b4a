package io.jprune.agent.instrumentation.onnxruntime;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import io.jprune.agent.instrumentation.onnxruntime.ChannelGroup.Role;
import io.jprune.agent.instrumentation.onnxruntime.ChannelGroup.ShapeConstant;
import io.jprune.agent.instrumentation.onnxruntime.ChannelGroup.Slice;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where the channels of an ONNX graph go, read from the graph: every Conv, Gemm and MatMul whose weight is an
 * initializer starts a {@link ChannelGroup}; its output is followed through the operators that keep channels apart
 * (activations, pooling, BatchNormalization, a bias Add, Reshape or Flatten into blocks, Concat) to the layers that
 * read it; residual Adds join groups. Whatever the analysis does not know stops a group with the reason, never a
 * guess: an unknown operator, a Reshape that splits channels (attention heads), a model output the channels reach.
 */
final class GraphChannels {
    /** Operators computing each value from the value alone (or from one channel's values): channels pass. */
    static final Set<String> PER_CHANNEL = Set.of("Relu", "LeakyRelu", "Sigmoid", "Tanh", "Gelu", "Erf", "Elu",
            "Selu", "Softplus", "HardSigmoid", "Clip", "Neg", "Abs", "Exp", "Sqrt", "Identity", "Dropout", "MaxPool",
            "AveragePool", "GlobalAveragePool", "GlobalMaxPool", "Cast");
    /** Binary operators applied value by value, with broadcasting. */
    static final Set<String> ELEMENTWISE = Set.of("Add", "Sub", "Mul", "Div", "Max", "Min", "Pow");
    private static final Set<String> NORMALISING = Set.of("LayerNormalization", "Softmax", "LogSoftmax",
            "ReduceMean", "ReduceSum", "InstanceNormalization", "GroupNormalization", "LpNormalization");

    /**
     * The channels a tensor carries: along {@code axis}, the segments' channels one after another, in blocks. Split
     * into attention heads, {@code axis} holds the heads, each standing for {@code unit} channels, and
     * {@code featureAxis} the features within a head ({@code -1} once they were contracted away, as in the scores).
     */
    record Flow(List<ChannelGroup> segments, int axis, int block, int unit, int featureAxis) {
        Flow(List<ChannelGroup> segments, int axis, int block) {
            this(segments, axis, block, 1, -1);
        }

        /** Whether the channels are split into heads. */
        boolean inHeads() {
            return unit > 1;
        }

        int channels() {
            int total = 0;
            for (ChannelGroup segment : segments) {
                total += segment.channels();
            }
            return total;
        }

        void refuse(String reason) {
            for (ChannelGroup segment : segments) {
                segment.refuse(reason);
            }
        }
    }

    /**
     * A layer of the graph: a node with an initializer weight.
     *
     * @param input  what its data input carries, or {@code null}
     * @param output the group of its output channels, or {@code null} (a depthwise Conv passes its input's)
     */
    record Layer(NodeProto node, String weight, String bias, Flow input, ChannelGroup output, String outputTensor,
                 boolean depthwise) {
    }

    private final GraphProto graph;
    private final Map<String, long[]> shapes;
    private final Set<String> parameters;
    private final Map<String, TensorProto> initializers = new LinkedHashMap<>();
    private final Map<String, TensorProto> constants = new LinkedHashMap<>();
    private final Map<String, Flow> flows = new LinkedHashMap<>();
    private final List<Layer> layers = new ArrayList<>();
    private final Map<String, Layer> producerOf = new LinkedHashMap<>();
    private final Map<String, String> matMulBias = new LinkedHashMap<>();
    private final AttentionHeads heads = new AttentionHeads(this);

    private GraphChannels(GraphProto graph, Map<String, long[]> shapes, Set<String> parameters) {
        this.graph = graph;
        this.shapes = shapes;
        this.parameters = parameters;
    }

    /**
     * Reads {@code graph}.
     *
     * @param shapes     every tensor's shape on one run, by name (missing ones are unknown)
     * @param parameters the initializers that are parameters jprune can slice
     */
    static GraphChannels read(GraphProto graph, Map<String, long[]> shapes, Set<String> parameters) {
        GraphChannels channels = new GraphChannels(graph, shapes, parameters);
        channels.walk();
        return channels;
    }

    List<Layer> layers() {
        return layers;
    }

    /** Every distinct group, in the order the graph made them. */
    List<ChannelGroup> groups() {
        Set<ChannelGroup> roots = new LinkedHashSet<>();
        for (Layer layer : layers) {
            if (layer.output() != null) {
                roots.add(layer.output().root());
            }
        }
        return new ArrayList<>(roots);
    }

    Map<String, Flow> flows() {
        return flows;
    }

    TensorProto initializer(String name) {
        return initializers.get(name);
    }

    /** A constant tensor: an initializer or a Constant node's value. */
    TensorProto constant(String name) {
        TensorProto tensor = initializers.get(name);
        return tensor != null ? tensor : constants.get(name);
    }

    long[] shape(String tensor) {
        return shapes.get(tensor);
    }

    /** The bias Add that follows a MatMul layer's output, if any, by the MatMul's output tensor. */
    String matMulBias(String output) {
        return matMulBias.get(output);
    }

    private void walk() {
        for (TensorProto tensor : graph.getInitializerList()) {
            initializers.put(tensor.getName(), tensor);
        }
        for (NodeProto node : graph.getNodeList()) {
            visit(node);
        }
        for (ValueInfoProto output : graph.getOutputList()) {
            Flow flow = flows.get(output.getName());
            if (flow != null) {
                flow.refuse("its channels reach the model output " + output.getName() + ", whose shape would change");
            }
        }
    }

    private void visit(NodeProto node) {
        String op = node.getOpType();
        if (op.equals("Constant")) {
            for (AttributeProto attribute : node.getAttributeList()) {
                if (attribute.getName().equals("value") && attribute.hasT()) {
                    constants.put(node.getOutput(0), attribute.getT());
                }
            }
            return;
        }
        if ((op.equals("Conv") || op.equals("Gemm") || op.equals("MatMul")) && node.getInputCount() > 1
                && initializers.containsKey(node.getInput(1))) {
            layer(node);
            return;
        }
        List<Flow> inputs = new ArrayList<>();
        for (String input : node.getInputList()) {
            Flow flow = flows.get(input);
            if (flow != null) {
                inputs.add(flow);
            }
        }
        if (inputs.isEmpty()) {
            return;
        }
        Flow first = flows.get(node.getInput(0));
        String name = describe(node);
        if (PER_CHANNEL.contains(op) && first != null && inputs.size() == 1) {
            pass(node, first);
        } else if (op.equals("BatchNormalization") && first != null && inputs.size() == 1) {
            for (int i = 1; i < node.getInputCount(); i++) {
                follow(first, node.getInput(i), node, name);
            }
            pass(node, first);
        } else if (ELEMENTWISE.contains(op) && inputs.size() >= 1) {
            elementwise(node, name);
        } else if ((op.equals("Reshape") || op.equals("Flatten")) && first != null && inputs.size() == 1) {
            reshape(node, first, name);
        } else if (op.equals("Transpose") && first != null && inputs.size() == 1) {
            transpose(node, first, name);
        } else if (op.equals("Concat")) {
            concat(node, name);
        } else if (op.equals("MatMul") && inputs.size() == 2) {
            heads.multiply(node, name);
        } else if ((op.equals("Softmax") || op.equals("LogSoftmax")) && first != null && inputs.size() == 1
                && !heads.normalizesChannels(node, first)) {
            pass(node, first);
        } else if (NORMALISING.contains(op)) {
            refuseAll(inputs, name + " normalizes or reduces across the channels, which removing one would change");
        } else {
            refuseAll(inputs, "operator " + name + " is not one jprune's graph analysis knows");
        }
    }

    private void layer(NodeProto node) {
        String op = node.getOpType();
        String name = describe(node);
        String weight = node.getInput(1);
        TensorProto w = initializers.get(weight);
        String bias = node.getInputCount() > 2 && initializers.containsKey(node.getInput(2)) ? node.getInput(2)
                : null;
        Flow input = flows.get(node.getInput(0));
        if (input != null && input.inHeads()) {
            input.refuse(name + " reads them while they are split into heads");
            input = null;
        }
        String output = node.getOutput(0);
        if (op.equals("Conv")) {
            long groups = attribute(node, "group", 1);
            int out = (int) w.getDims(0);
            int inPerGroup = (int) w.getDims(1);
            if (groups > 1 && inPerGroup == 1 && groups == out) {
                ChannelGroup own = null;
                if (input != null && input.block() == 1 && input.axis() == 1 && input.channels() == out) {
                    input.segments().forEach(s -> s.addGroupAttribute(node.getOutput(0)));
                    sliceAlong(input, weight, 0, 1, node, Role.FOLLOWER);
                    if (bias != null) {
                        sliceAlong(input, bias, 0, 1, node, Role.FOLLOWER);
                    }
                    flows.put(output, input);
                } else {
                    own = new ChannelGroup(out, name);
                    own.refuse("depthwise " + name + " reads channels jprune cannot follow");
                    flows.put(output, new Flow(List.of(own), 1, 1));
                }
                layers.add(new Layer(node, weight, bias, input, own, output, true));
                return;
            }
            ChannelGroup own = new ChannelGroup(out, name);
            if (groups > 1) {
                own.refuse("grouped convolution " + name + " (group=" + groups + "): its channels could only go in "
                        + "whole groups");
                if (input != null) {
                    input.refuse("grouped convolution " + name + " (group=" + groups + ") reads them");
                }
            } else if (input != null) {
                consume(input, weight, 1, node, name, 1);
            }
            own.add(new Slice(weight, 0, 1, 0, node.getOutput(0), Role.PRODUCER));
            if (bias != null) {
                own.add(new Slice(bias, 0, 1, 0, node.getOutput(0), Role.FOLLOWER));
            }
            requireParameter(own, weight, bias);
            flows.put(output, new Flow(List.of(own), 1, 1));
            Layer layer = new Layer(node, weight, bias, input, own, output, false);
            layers.add(layer);
            producerOf.put(output, layer);
            return;
        }
        boolean transposedB = op.equals("Gemm") && attribute(node, "transB", 0) != 0;
        int outAxis = transposedB ? 0 : 1;
        int inAxis = 1 - outAxis;
        if (w.getDimsCount() != 2 || op.equals("Gemm") && attribute(node, "transA", 0) != 0) {
            ChannelGroup own = new ChannelGroup(1, name);
            own.refuse(name + " has a weight jprune does not read as [in, out]");
            if (input != null) {
                input.refuse(name + " reads them in a layout jprune does not follow");
            }
            return;
        }
        int out = (int) w.getDims(outAxis);
        ChannelGroup own = new ChannelGroup(out, name);
        if (input != null) {
            long[] shape = shapes.get(node.getInput(0));
            if (shape == null || input.axis() != shape.length - 1) {
                input.refuse(name + " reads them along an axis jprune did not follow");
            } else {
                consume(input, weight, inAxis, node, name, input.block());
            }
        }
        own.add(new Slice(weight, outAxis, 1, 0, node.getOutput(0), Role.PRODUCER));
        if (bias != null) {
            TensorProto b = initializers.get(bias);
            if (numel(b) == out) {
                own.add(new Slice(bias, b.getDimsCount() - 1, 1, 0, node.getOutput(0), Role.FOLLOWER));
            } else if (numel(b) != 1) {
                own.refuse(name + "'s bias C is broadcast in a way jprune does not slice");
            }
        }
        requireParameter(own, weight, bias);
        long[] outShape = shapes.get(output);
        int axis = outShape == null ? 1 : outShape.length - 1;
        flows.put(output, new Flow(List.of(own), axis, 1));
        Layer layer = new Layer(node, weight, bias, input, own, output, false);
        layers.add(layer);
        producerOf.put(output, layer);
    }

    private void requireParameter(ChannelGroup group, String... initializers) {
        for (String initializer : initializers) {
            if (initializer != null && !parameters.contains(initializer)) {
                group.refuse("initializer " + initializer + " is not a float parameter jprune can slice");
            }
        }
    }

    private void consume(Flow input, String weight, int axis, NodeProto node, String name, int block) {
        int offset = 0;
        for (ChannelGroup segment : input.segments()) {
            segment.add(new Slice(weight, axis, block, offset, node.getOutput(0), Role.CONSUMER));
            requireParameter(segment, weight);
            offset += segment.channels();
        }
    }

    private void sliceAlong(Flow flow, String initializer, int axis, int block, NodeProto node, Role role) {
        int offset = 0;
        for (ChannelGroup segment : flow.segments()) {
            segment.add(new Slice(initializer, axis, block, offset, node.getOutput(0), role));
            requireParameter(segment, initializer);
            offset += segment.channels();
        }
    }

    private void pass(NodeProto node, Flow flow) {
        for (String output : node.getOutputList()) {
            if (!output.isEmpty()) {
                flows.put(output, flow);
            }
        }
    }

    /** A value of one channel per channel (a BatchNormalization's scale), sliced with the channels. */
    private void follow(Flow flow, String input, NodeProto node, String name) {
        TensorProto tensor = constant(input);
        if (tensor == null || numel(tensor) != flow.channels()) {
            flow.refuse(name + " takes input " + input + ", which is no per-channel constant");
            return;
        }
        if (!initializers.containsKey(input)) {
            flow.refuse(name + " takes its per-channel values from a Constant node, which jprune does not slice");
            return;
        }
        sliceAlong(flow, input, tensor.getDimsCount() - 1 < 0 ? 0 : channelDim(tensor), 1, node, Role.FOLLOWER);
    }

    private static int channelDim(TensorProto tensor) {
        for (int d = 0; d < tensor.getDimsCount(); d++) {
            if (tensor.getDims(d) != 1) {
                return d;
            }
        }
        return 0;
    }

    private void elementwise(NodeProto node, String name) {
        Flow result = null;
        for (int i = 0; i < node.getInputCount(); i++) {
            String input = node.getInput(i);
            Flow flow = flows.get(input);
            if (flow != null) {
                if (result == null) {
                    result = flow;
                } else if (!sameLayout(result, flow)) {
                    result.refuse(name + " combines channels laid out differently");
                    flow.refuse(name + " combines channels laid out differently");
                } else {
                    for (int s = 0; s < flow.segments().size(); s++) {
                        ChannelGroup.join(result.segments().get(s), flow.segments().get(s), name);
                    }
                }
            }
        }
        for (int i = 0; i < node.getInputCount(); i++) {
            String input = node.getInput(i);
            if (flows.containsKey(input)) {
                continue;
            }
            TensorProto constant = constant(input);
            if (constant == null) {
                if (!broadcastsOverChannels(shapes.get(input), shapes.get(node.getOutput(0)), result)) {
                    result.refuse(name + " combines them with " + input + ", which jprune cannot follow");
                }
            } else if (numel(constant) != 1 && result.inHeads()) {
                result.refuse(name + " combines heads with constant " + input + ", which jprune does not slice");
            } else if (numel(constant) != 1) {
                long[] own = shapes.get(node.getInput(0));
                boolean perChannel = numel(constant) == result.channels() && result.block() == 1
                        && broadcastsAlong(constant, own == null ? -1 : own.length, result.axis());
                if (!perChannel) {
                    result.refuse(name + " combines them with constant " + input + ", which varies across more "
                            + "than the channels");
                } else if (!initializers.containsKey(input)) {
                    result.refuse(name + " takes per-channel values from a Constant node, which jprune does not "
                            + "slice");
                } else {
                    sliceAlong(result, input, channelDim(constant), 1, node, Role.FOLLOWER);
                    if (node.getOpType().equals("Add") && producerOf.containsKey(node.getInput(0))) {
                        matMulBias.putIfAbsent(node.getInput(0), input);
                    }
                }
            }
        }
        pass(node, result);
    }

    /** Whether a tensor is the same for every channel (size 1 along the channel axes): an attention mask. */
    private static boolean broadcastsOverChannels(long[] operand, long[] output, Flow flow) {
        if (operand == null || output == null) {
            return false;
        }
        int shift = output.length - operand.length;
        for (int axis : new int[] {flow.axis(), flow.featureAxis()}) {
            if (axis >= 0 && axis - shift >= 0 && operand[axis - shift] != 1) {
                return false;
            }
        }
        return flow.block() == 1;
    }

    /** Whether a constant of one value per channel lines up with channel axis {@code axis} of a rank-{@code rank} value. */
    private static boolean broadcastsAlong(TensorProto constant, int rank, int axis) {
        if (rank < 0) {
            return false;
        }
        int dims = constant.getDimsCount();
        int d = channelDim(constant);
        return rank - dims + d == axis;
    }

    private static boolean sameLayout(Flow a, Flow b) {
        if (a.axis() != b.axis() || a.block() != b.block() || a.segments().size() != b.segments().size()
                || a.unit() != b.unit() || a.featureAxis() != b.featureAxis()) {
            return false;
        }
        for (int s = 0; s < a.segments().size(); s++) {
            if (a.segments().get(s).channels() != b.segments().get(s).channels()) {
                return false;
            }
        }
        return true;
    }

    private void reshape(NodeProto node, Flow flow, String name) {
        long[] in = shapes.get(node.getInput(0));
        long[] out = shapes.get(node.getOutput(0));
        if (in == null || out == null) {
            flow.refuse(name + " has shapes jprune could not learn (no run of the model yet)");
            return;
        }
        if (flow.inHeads()) {
            heads.merge(node, flow, name, in, out);
            return;
        }
        if (AttentionHeads.splits(flow, in, out)) {
            heads.split(node, flow, name, in, out);
            return;
        }
        int channels = flow.channels();
        long trailing = 1;
        for (int d = flow.axis() + 1; d < in.length; d++) {
            trailing *= in[d];
        }
        boolean flattens = out.length == flow.axis() + 1 && out[flow.axis()] == channels * flow.block() * trailing;
        boolean keepsLast = flow.axis() == in.length - 1 && out.length >= 1 && out[out.length - 1] == in[in.length - 1];
        if (!flattens && !keepsLast) {
            flow.refuse(name + " splits or merges the channels (" + dims(in) + " -> " + dims(out) + "), as heads of "
                    + "attention do; jprune compacts only channels that stay whole");
            return;
        }
        int axis = flattens ? flow.axis() : out.length - 1;
        int block = Math.toIntExact(flattens ? flow.block() * trailing : flow.block());
        if (node.getOpType().equals("Reshape")) {
            TensorProto shape = constant(node.getInput(1));
            if (shape == null) {
                flow.refuse(name + " takes its shape from a computation, which jprune cannot update");
                return;
            }
            long[] target = OnnxConstants.longs(shape);
            long expected = (long) channels * block;
            if (target.length > axis && target[axis] == expected) {
                int offset = 0;
                for (ChannelGroup segment : flow.segments()) {
                    segment.add(new ShapeConstant(node.getInput(1), axis, block));
                    offset++;
                }
                if (offset > 1) {
                    flow.refuse(name + " reshapes concatenated channels, which jprune does not update");
                }
            } else if (target.length <= axis || target[axis] != -1) {
                flow.refuse(name + "'s shape constant does not state the channels where jprune looks");
            }
        }
        flows.put(node.getOutput(0), new Flow(flow.segments(), axis, block));
    }

    private void transpose(NodeProto node, Flow flow, String name) {
        List<Long> perm = ints(node, "perm");
        if (perm.isEmpty() || flow.block() != 1) {
            flow.refuse(name + " moves the channel axis of a flattened or unknown layout; jprune does not follow it");
            return;
        }
        int axis = perm.indexOf((long) flow.axis());
        int features = flow.featureAxis() < 0 ? -1 : perm.indexOf((long) flow.featureAxis());
        flows.put(node.getOutput(0), new Flow(flow.segments(), axis, 1, flow.unit(), features));
    }

    private void concat(NodeProto node, String name) {
        long axisAttribute = attribute(node, "axis", 0);
        List<ChannelGroup> segments = new ArrayList<>();
        Flow template = null;
        for (String input : node.getInputList()) {
            Flow flow = flows.get(input);
            long[] shape = shapes.get(input);
            if (flow == null || shape == null) {
                for (String other : node.getInputList()) {
                    if (flows.containsKey(other)) {
                        flows.get(other).refuse(name + " concatenates them with a tensor jprune does not follow");
                    }
                }
                return;
            }
            int axis = (int) (axisAttribute < 0 ? axisAttribute + shape.length : axisAttribute);
            if (axis != flow.axis() || flow.block() != 1 || flow.inHeads()
                    || template != null && template.axis() != axis) {
                flow.refuse(name + " concatenates along another axis than the channels'");
                return;
            }
            template = flow;
            segments.addAll(flow.segments());
        }
        flows.put(node.getOutput(0), new Flow(segments, template.axis(), 1));
    }

    private static void refuseAll(List<Flow> flows, String reason) {
        for (Flow flow : flows) {
            flow.refuse(reason);
        }
    }

    static String describe(NodeProto node) {
        return node.getOpType() + (node.getName().isEmpty() ? " (output " + node.getOutput(0) + ")"
                : " " + node.getName());
    }

    static long attribute(NodeProto node, String name, long otherwise) {
        for (AttributeProto attribute : node.getAttributeList()) {
            if (attribute.getName().equals(name)) {
                return attribute.getI();
            }
        }
        return otherwise;
    }

    static float floatAttribute(NodeProto node, String name, float otherwise) {
        for (AttributeProto attribute : node.getAttributeList()) {
            if (attribute.getName().equals(name)) {
                return attribute.getF();
            }
        }
        return otherwise;
    }

    static List<Long> ints(NodeProto node, String name) {
        for (AttributeProto attribute : node.getAttributeList()) {
            if (attribute.getName().equals(name)) {
                return attribute.getIntsList();
            }
        }
        return List.of();
    }

    static long numel(TensorProto tensor) {
        long count = 1;
        for (long d : tensor.getDimsList()) {
            count *= d;
        }
        return count;
    }

    static String dims(long[] shape) {
        return java.util.Arrays.toString(shape);
    }
}
