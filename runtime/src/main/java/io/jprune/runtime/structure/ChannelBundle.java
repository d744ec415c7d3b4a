package io.jprune.runtime.structure;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Producer channels that meet in some consumer input, such as channel c of two branches added element-wise
 * (a residual): removing one without the others would misalign the sum, so they are removed together, from
 * every producer and from every consumer input they feed, or not at all. Most bundles hold one channel.
 */
public final class ChannelBundle {
    private final List<ProducerChannel> members;
    private final Map<String, int[]> consumerInputs;
    private final String irregularity;

    ChannelBundle(List<ProducerChannel> members, Map<String, int[]> consumerInputs, String irregularity) {
        this.members = List.copyOf(members);
        this.consumerInputs = Collections.unmodifiableMap(new LinkedHashMap<>(consumerInputs));
        this.irregularity = irregularity;
    }

    /** The coupled producer channels, in layer order. */
    public List<ProducerChannel> members() {
        return members;
    }

    /** The producers with a channel in the bundle, in layer order. */
    public List<String> producers() {
        LinkedHashSet<String> names = new LinkedHashSet<>();
        for (ProducerChannel member : members) {
            names.add(member.producer());
        }
        return new ArrayList<>(names);
    }

    /** The layers whose inputs the bundle feeds. */
    public List<String> consumers() {
        return new ArrayList<>(consumerInputs.keySet());
    }

    /** The input channels of {@code consumer} the bundle feeds, ascending (a copy); empty when none. */
    public int[] inputsOf(String consumer) {
        int[] inputs = consumerInputs.get(Objects.requireNonNull(consumer, "consumer"));
        return inputs == null ? new int[0] : inputs.clone();
    }

    Map<String, int[]> consumerInputsView() {
        return consumerInputs;
    }

    /** Why the members do not line up (so that they can never be removed), or {@code null} when they do. */
    String irregularity() {
        return irregularity;
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("ChannelBundle").append(members).append(" -> {");
        String separator = "";
        for (Map.Entry<String, int[]> entry : consumerInputs.entrySet()) {
            text.append(separator).append(entry.getKey()).append(' ').append(IndexList.format(entry.getValue()));
            separator = ", ";
        }
        return text.append('}').toString();
    }
}
