package io.jprune.agent.instrumentation.onnxruntime;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Channels of an ONNX graph that go together: channel c of every producer in the group (a Conv, Gemm or MatMul
 * whose weight is an initializer) feeds channel c of every consumer, through operators that keep channels apart;
 * a residual {@code Add} of two producers' outputs joins their groups. Compaction removes channel c from all of them
 * or from none. A group collects the reasons it cannot be compacted, for people; mutable while the graph is read.
 */
final class ChannelGroup {
    /**
     * One initializer sliced with the group: along {@code axis} of its stored layout, channel c is the
     * {@code block} entries from {@code (offset + c) * block}.
     *
     * @param node    the first output of the node whose initializer this is, which names the node
     * @param role    what the slice is to the group
     */
    record Slice(String initializer, int axis, int block, int offset, String node, Role role) {
    }

    /** What an initializer is to its group. */
    enum Role {
        /** A weight whose rows are the group's channels: the masks of these say what is pruned. */
        PRODUCER,
        /** Sliced along with the channels, computing nothing across them: a bias, a BatchNormalization's values. */
        FOLLOWER,
        /** A weight reading the channels: its input channels (in blocks) go, and the constants they carried fold. */
        CONSUMER
    }

    /**
     * A shape constant of a {@code Reshape} whose entry {@code index} is {@code channels * block / divisor}: the
     * features of a flattened plane ({@code block}), or the heads the features split into ({@code divisor}).
     */
    record ShapeConstant(String tensor, int index, int block, int divisor) {
        ShapeConstant(String tensor, int index, int block) {
            this(tensor, index, block, 1);
        }
    }

    private final int channels;
    private final String origin;
    private ChannelGroup parent = this;
    private final List<Slice> slices = new ArrayList<>();
    private final List<ShapeConstant> shapes = new ArrayList<>();
    private final List<String> groupAttributes = new ArrayList<>();
    private final Set<String> refusals = new LinkedHashSet<>();
    /** How many channels go only together: the features of one attention head; 1 for channels that go alone. */
    private int unit = 1;

    ChannelGroup(int channels, String origin) {
        this.channels = channels;
        this.origin = origin;
    }

    /** The group this one was joined into, or itself. */
    ChannelGroup root() {
        ChannelGroup group = this;
        while (group.parent != group) {
            group = group.parent;
        }
        return group;
    }

    /** Joins {@code other} into this group's root: a residual Add or a product of the two. */
    static void join(ChannelGroup a, ChannelGroup b, String why) {
        ChannelGroup ra = a.root();
        ChannelGroup rb = b.root();
        if (ra == rb) {
            return;
        }
        if (ra.channels != rb.channels) {
            ra.refuse(why + " combines " + ra.channels + " with " + rb.channels + " channels");
            rb.refuse(why + " combines " + rb.channels + " with " + ra.channels + " channels");
            return;
        }
        rb.parent = ra;
        ra.slices.addAll(rb.slices);
        ra.shapes.addAll(rb.shapes);
        ra.groupAttributes.addAll(rb.groupAttributes);
        ra.refusals.addAll(rb.refusals);
        ra.requireUnit(rb.unit, why);
    }

    /** Channels go only in aligned runs of {@code size}: whole attention heads of that many features. */
    void requireUnit(int size, String why) {
        ChannelGroup root = root();
        if (size == 1 || root.unit == size) {
            return;
        }
        if (root.unit != 1 || root.channels % size != 0) {
            root.refuse(why + " splits " + root.channels + " channels into heads of " + size + ", which does not fit "
                    + (root.unit == 1 ? "them" : "heads of " + root.unit));
            return;
        }
        root.unit = size;
    }

    /** How many channels go only together (the features of one attention head), 1 when they go alone. */
    int unit() {
        return root().unit;
    }

    int channels() {
        return channels;
    }

    /** The node that made the group, for people. */
    String origin() {
        return root().origin;
    }

    void add(Slice slice) {
        root().slices.add(slice);
    }

    void add(ShapeConstant constant) {
        root().shapes.add(constant);
    }

    /** A depthwise Conv whose {@code group} attribute is the channel count. */
    void addGroupAttribute(String node) {
        root().groupAttributes.add(node);
    }

    void refuse(String reason) {
        root().refusals.add(reason);
    }

    List<Slice> slices() {
        return root().slices;
    }

    List<ShapeConstant> shapeConstants() {
        return root().shapes;
    }

    List<String> groupAttributes() {
        return root().groupAttributes;
    }

    Set<String> refusals() {
        return root().refusals;
    }
}
