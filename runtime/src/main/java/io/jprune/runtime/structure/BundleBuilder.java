package io.jprune.runtime.structure;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Groups producer channels that meet in a consumer input into {@link ChannelBundle}s (a union-find over
 * producer channels, joined whenever two of them feed the same input channel of the same consumer).
 */
final class BundleBuilder {
    private BundleBuilder() {
    }

    /** The bundles of every channel of every producer that feeds some layer, producers in the given order. */
    static List<ChannelBundle> bundles(List<ProducerFeeds> producers) {
        List<ProducerChannel> nodes = new ArrayList<>();
        Map<String, Integer> firstNode = new HashMap<>();
        for (ProducerFeeds producer : producers) {
            if (producer.feeds().isEmpty()) {
                continue;
            }
            firstNode.put(producer.producer(), nodes.size());
            for (int c = 0; c < producer.feeds().get(0).channels(); c++) {
                nodes.add(new ProducerChannel(producer.producer(), c));
            }
        }
        int[] parent = new int[nodes.size()];
        for (int i = 0; i < parent.length; i++) {
            parent[i] = i;
        }
        Map<String, Integer> feederOfInput = new HashMap<>();
        for (ProducerFeeds producer : producers) {
            for (ChannelFeed feed : producer.feeds()) {
                int base = firstNode.get(feed.producer());
                for (int c = 0; c < feed.channels(); c++) {
                    for (int j : feed.inputsView(c)) {
                        Integer other = feederOfInput.putIfAbsent(feed.consumer() + '\u0000' + j, base + c);
                        if (other != null) {
                            union(parent, other, base + c);
                        }
                    }
                }
            }
        }
        Map<Integer, List<Integer>> components = new LinkedHashMap<>();
        for (int i = 0; i < nodes.size(); i++) {
            components.computeIfAbsent(find(parent, i), root -> new ArrayList<>()).add(i);
        }
        Map<String, List<ChannelFeed>> feedsByProducer = new HashMap<>();
        for (ProducerFeeds producer : producers) {
            feedsByProducer.put(producer.producer(), producer.feeds());
        }
        List<ChannelBundle> bundles = new ArrayList<>();
        for (List<Integer> component : components.values()) {
            bundles.add(bundle(component, nodes, feedsByProducer));
        }
        return bundles;
    }

    private static ChannelBundle bundle(List<Integer> component, List<ProducerChannel> nodes,
                                        Map<String, List<ChannelFeed>> feedsByProducer) {
        List<ProducerChannel> members = new ArrayList<>();
        Map<String, int[]> consumerInputs = new LinkedHashMap<>();
        Map<String, ProducerChannel> firstFeeder = new HashMap<>();
        String irregularity = null;
        Map<String, ProducerChannel> memberOfProducer = new HashMap<>();
        for (int node : component) {
            ProducerChannel member = nodes.get(node);
            members.add(member);
            ProducerChannel twin = memberOfProducer.putIfAbsent(member.producer(), member);
            if (twin != null && irregularity == null) {
                irregularity = "channels " + twin.channel() + " and " + member.channel() + " of " + member.producer()
                        + " meet in the same input";
            }
            for (ChannelFeed feed : feedsByProducer.get(member.producer())) {
                int[] inputs = feed.inputsView(member.channel());
                int[] known = consumerInputs.putIfAbsent(feed.consumer(), inputs);
                ProducerChannel first = firstFeeder.putIfAbsent(feed.consumer(), member);
                if (known != null && !Arrays.equals(known, inputs) && irregularity == null) {
                    irregularity = first + " and " + member + " feed different inputs of " + feed.consumer() + " ("
                            + IndexList.format(known) + " and " + IndexList.format(inputs) + ")";
                }
            }
        }
        return new ChannelBundle(members, consumerInputs, irregularity);
    }

    private static int find(int[] parent, int i) {
        while (parent[i] != i) {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        return i;
    }

    private static void union(int[] parent, int a, int b) {
        int ra = find(parent, a);
        int rb = find(parent, b);
        if (ra != rb) {
            parent[Math.max(ra, rb)] = Math.min(ra, rb);
        }
    }
}
