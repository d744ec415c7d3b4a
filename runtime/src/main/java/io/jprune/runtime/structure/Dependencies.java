package io.jprune.runtime.structure;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where every layer's output channels go in the running model, as its own forward showed it: which layers
 * each feeds directly and at which inputs, which channels are coupled and must go together, and which
 * producers must keep their channels whatever the masks say (with the reason).
 */
public final class Dependencies {
    private final List<ChannelFeed> feeds;
    private final List<ChannelBundle> bundles;
    private final Map<String, String> producerRefusals;
    private final Map<ProducerChannel, ChannelBundle> bundleOfChannel = new HashMap<>();

    Dependencies(List<ProducerFeeds> producers, List<ChannelBundle> bundles) {
        List<ChannelFeed> all = new ArrayList<>();
        Map<String, String> refusals = new LinkedHashMap<>();
        for (ProducerFeeds producer : producers) {
            all.addAll(producer.feeds());
            if (producer.refusal() != null) {
                refusals.put(producer.producer(), producer.refusal());
            }
        }
        this.feeds = List.copyOf(all);
        this.bundles = List.copyOf(bundles);
        this.producerRefusals = Collections.unmodifiableMap(refusals);
        for (ChannelBundle bundle : this.bundles) {
            for (ProducerChannel member : bundle.members()) {
                bundleOfChannel.put(member, bundle);
            }
        }
    }

    /** No dependencies at all: the traces could not be taken. */
    static Dependencies none() {
        return new Dependencies(List.of(), List.of());
    }

    /** Every direct producer-to-consumer feed, producers in layer order. */
    public List<ChannelFeed> feeds() {
        return feeds;
    }

    /** The feed from {@code producer} to {@code consumer}, or {@code null} when it does not feed it directly. */
    public ChannelFeed feed(String producer, String consumer) {
        for (ChannelFeed feed : feeds) {
            if (feed.producer().equals(producer) && feed.consumer().equals(consumer)) {
                return feed;
            }
        }
        return null;
    }

    /** The layers {@code producer} feeds directly, in trace order. */
    public List<String> consumersOf(String producer) {
        List<String> consumers = new ArrayList<>();
        for (ChannelFeed feed : feeds) {
            if (feed.producer().equals(producer)) {
                consumers.add(feed.consumer());
            }
        }
        return consumers;
    }

    /** The layers feeding {@code consumer} directly, in layer order. */
    public List<String> producersOf(String consumer) {
        List<String> producers = new ArrayList<>();
        for (ChannelFeed feed : feeds) {
            if (feed.consumer().equals(consumer)) {
                producers.add(feed.producer());
            }
        }
        return producers;
    }

    /** Every bundle of coupled channels, in layer and channel order. */
    public List<ChannelBundle> bundles() {
        return bundles;
    }

    /** The bundle holding channel {@code channel} of {@code producer}, or {@code null} when it feeds no layer. */
    public ChannelBundle bundleOf(String producer, int channel) {
        return bundleOfChannel.get(new ProducerChannel(producer, channel));
    }

    /**
     * Producers whose channels are coupled to another producer's (residual branches added together), each
     * group in layer order: channel c of each is removed together with the others' or not at all.
     */
    public List<List<String>> groups() {
        Set<List<String>> groups = new LinkedHashSet<>();
        for (ChannelBundle bundle : bundles) {
            List<String> producers = bundle.producers();
            if (producers.size() > 1) {
                groups.add(List.copyOf(producers));
            }
        }
        return List.copyOf(groups);
    }

    /** Producers that keep all their channels, with the reason, in layer order. */
    public Map<String, String> producerRefusals() {
        return producerRefusals;
    }

    @Override
    public String toString() {
        return "Dependencies[" + feeds + ", groups " + groups() + ", refused " + producerRefusals + "]";
    }
}
