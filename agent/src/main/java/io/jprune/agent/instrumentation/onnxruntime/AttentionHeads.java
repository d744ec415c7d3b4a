package io.jprune.agent.instrumentation.onnxruntime;

import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import io.jprune.agent.instrumentation.onnxruntime.ChannelGroup.ShapeConstant;
import io.jprune.agent.instrumentation.onnxruntime.GraphChannels.Flow;

/**
 * How {@link GraphChannels} follows attention: Q, K and V's features split into heads by a Reshape, the scores'
 * and the context's MatMuls, which join their groups (a head's features go with the same head's in the other
 * projections, and only in whole heads), and the Reshape that merges the heads back for the output projection.
 */
final class AttentionHeads {
    private final GraphChannels channels;

    AttentionHeads(GraphChannels channels) {
        this.channels = channels;
    }

    /** {@code [.., C] -> [.., H, C / H]}: the channels, last, split into heads. */
    static boolean splits(Flow flow, long[] in, long[] out) {
        int axis = flow.axis();
        if (flow.block() != 1 || axis != in.length - 1 || out.length != in.length + 1
                || out[axis] * out[axis + 1] != flow.channels() || out[axis + 1] <= 1) {
            return false;
        }
        for (int d = 0; d < axis; d++) {
            if (in[d] != out[d]) {
                return false;
            }
        }
        return true;
    }

    /** The split: channels go in whole heads from now on, and the Reshape's head count shrinks with them. */
    void split(NodeProto node, Flow flow, String name, long[] in, long[] out) {
        int axis = flow.axis();
        int size = Math.toIntExact(out[axis + 1]);
        if (flow.segments().size() != 1) {
            flow.refuse(name + " splits concatenated channels into heads, which jprune does not follow");
            return;
        }
        ChannelGroup group = flow.segments().get(0);
        group.requireUnit(size, name);
        if (node.getOpType().equals("Reshape")) {
            TensorProto shape = channels.constant(node.getInput(1));
            long[] target = shape == null ? null : OnnxConstants.longs(shape);
            if (target == null || target.length != out.length) {
                flow.refuse(name + " takes its shape from a computation, which jprune cannot update");
                return;
            }
            if (target[axis] == out[axis]) {
                group.add(new ShapeConstant(node.getInput(1), axis, 1, size));
            } else if (target[axis] != -1 || target[axis + 1] != size) {
                flow.refuse(name + "'s shape constant does not state the heads where jprune looks");
                return;
            }
        }
        channels.flows().put(node.getOutput(0), new Flow(flow.segments(), axis, 1, size, axis + 1));
    }

    /** {@code [.., H, C / H] -> [.., C]}: heads merged back into channels, as before an output projection. */
    void merge(NodeProto node, Flow flow, String name, long[] in, long[] out) {
        int axis = flow.axis();
        boolean merges = flow.featureAxis() == axis + 1 && axis + 1 == in.length - 1 && out.length == in.length - 1
                && out[axis] == in[axis] * in[axis + 1];
        if (!merges) {
            flow.refuse(name + " reshapes heads (" + GraphChannels.dims(in) + " -> " + GraphChannels.dims(out) + ") in a way jprune does not "
                    + "follow");
            return;
        }
        if (node.getOpType().equals("Reshape")) {
            TensorProto shape = channels.constant(node.getInput(1));
            long[] target = shape == null ? null : OnnxConstants.longs(shape);
            if (target == null) {
                flow.refuse(name + " takes its shape from a computation, which jprune cannot update");
                return;
            }
            if (target.length > axis && target[axis] == flow.channels()) {
                flow.segments().get(0).add(new ShapeConstant(node.getInput(1), axis, 1));
            } else if (target.length <= axis || target[axis] != -1) {
                flow.refuse(name + "'s shape constant does not state the channels where jprune looks");
                return;
            }
        }
        channels.flows().put(node.getOutput(0), new Flow(flow.segments(), axis, 1));
    }

    /**
     * A product of two tensors that both carry channels in heads: Q times K transposed (contracting each head's
     * features: Q's and K's channels go together) or the attention weights times V (V's heads join them).
     */
    void multiply(NodeProto node, String name) {
        Flow a = channels.flows().get(node.getInput(0));
        Flow b = channels.flows().get(node.getInput(1));
        long[] shapeA = channels.shape(node.getInput(0));
        long[] shapeB = channels.shape(node.getInput(1));
        boolean heads = a != null && b != null && a.inHeads() && b.inHeads() && a.axis() == b.axis()
                && a.unit() == b.unit() && shapeA != null && shapeB != null && shapeA.length == shapeB.length
                && a.axis() < shapeA.length - 2 && a.segments().size() == 1 && b.segments().size() == 1;
        if (!heads) {
            String reason = name + " multiplies two tensors that carry channels in a way jprune does not follow";
            if (a != null) {
                a.refuse(reason);
            }
            if (b != null) {
                b.refuse(reason);
            }
            return;
        }
        int rank = shapeA.length;
        ChannelGroup.join(a.segments().get(0), b.segments().get(0), name);
        if (a.featureAxis() == rank - 1 && b.featureAxis() == rank - 2) {
            channels.flows().put(node.getOutput(0), new Flow(a.segments(), a.axis(), 1, a.unit(), -1));
        } else if (a.featureAxis() < 0 && b.featureAxis() == rank - 1) {
            channels.flows().put(node.getOutput(0), new Flow(b.segments(), b.axis(), 1, b.unit(), rank - 1));
        } else {
            a.refuse(name + " contracts heads along an axis jprune does not follow");
        }
    }

    /** Whether a Softmax normalizes along the channels (or a head's features) rather than along positions. */
    boolean normalizesChannels(NodeProto node, Flow flow) {
        long[] shape = channels.shape(node.getInput(0));
        if (shape == null) {
            return true;
        }
        long axis = GraphChannels.attribute(node, "axis", -1);
        int normalized = (int) (axis < 0 ? axis + shape.length : axis);
        return normalized == flow.axis() || normalized == flow.featureAxis();
    }
}
