package io.jprune.runtime.structure;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds where one producer's output channels go by perturbing them one at a time on captured input 0 and
 * watching which inputs of which later modules change. A module whose input changes in a separate set of
 * elements for every channel is fed directly; modules behind a layer that mixes channels see the same, full,
 * set change for every channel and are not.
 */
final class ProducerProbe {
    private static final float LARGEST_DELTA = 1e30f;

    private final ForwardTracer tracer;
    private final ForwardTrace baseline;
    private final Map<String, Layer> layers;
    private final Set<String> fixedModules;
    private final Map<String, List<Integer>> positions = new HashMap<>();
    private final float delta;

    /**
     * @param layers       the layers that can be sliced, by name
     * @param fixedModules modules holding parameters that cannot be sliced: a channel reaching one of them
     *                     directly must stay
     */
    ProducerProbe(ForwardTracer tracer, Baselines baselines, Map<String, Layer> layers, Set<String> fixedModules) {
        this.tracer = tracer;
        this.baseline = baselines.first();
        this.layers = layers;
        this.fixedModules = fixedModules;
        for (int k = 0; k < baseline.size(); k++) {
            positions.computeIfAbsent(baseline.call(k).module(), name -> new ArrayList<>()).add(k);
        }
        this.delta = Math.min(LARGEST_DELTA, 1f + 4f * baselines.scale());
    }

    /** How many times the traced forward ran the module. */
    int callCount(String module) {
        List<Integer> at = positions.get(module);
        return at == null ? 0 : at.size();
    }

    /** The call of a module run exactly once in the trace of input 0, by position. */
    int positionOf(String module) {
        return positions.get(module).get(0);
    }

    /** The probe of one channel, the same one {@link #probe} used. */
    ChannelPerturbation perturbation(Layer producer, int channel) {
        return new ChannelPerturbation(producer.name(), producer.outChannels(), channel, delta);
    }

    ProducerFeeds probe(Layer producer) {
        String name = producer.name();
        List<Integer> own = positions.get(name);
        if (own == null) {
            return ProducerFeeds.refused(name, "not run by the traced forward");
        }
        int channels = producer.outChannels();
        if (channels < 2) {
            return ProducerFeeds.refused(name,
                    "a single output channel cannot be told apart from the rest of the model");
        }
        for (int position : own) {
            ModuleCall call = baseline.call(position);
            if (call.output() == null || call.output().length % channels != 0) {
                return ProducerFeeds.refused(name, "its forward returns " + call.outputLength()
                        + " values, not " + channels + " channels of equal size");
            }
        }
        ChangeOwners[] inputs = new ChangeOwners[baseline.size()];
        ChangeOwners modelOutput = null;
        ModuleCall root = baseline.root();
        for (int c = 0; c < channels; c++) {
            ForwardTrace perturbed;
            try {
                perturbed = tracer.trace(0, perturbation(producer, c));
            } catch (RuntimeException e) {
                return ProducerFeeds.refused(name, "the forward fails when its channel " + c + " is probed: " + e);
            }
            String layout = Baselines.layoutDifference(baseline, perturbed);
            if (layout != null) {
                return ProducerFeeds.refused(name, "probing its channel " + c + " changes what the forward runs: "
                        + layout);
            }
            for (int k = 0; k < baseline.size() - 1; k++) {
                ModuleCall before = baseline.call(k);
                if (before.input() == null || before.module().equals(name)) {
                    continue;
                }
                if (inputs[k] == null) {
                    inputs[k] = new ChangeOwners(before.input().length);
                }
                inputs[k].offer(c, before.input(), perturbed.call(k).input());
            }
            if (root.output() != null) {
                if (modelOutput == null) {
                    modelOutput = new ChangeOwners(root.output().length);
                }
                modelOutput.offer(c, root.output(), perturbed.root().output());
            }
        }
        return feedsFrom(producer, inputs, modelOutput);
    }

    private ProducerFeeds feedsFrom(Layer producer, ChangeOwners[] inputs, ChangeOwners modelOutput) {
        String name = producer.name();
        int channels = producer.outChannels();
        String refusal = callCount(name) > 1 ? "it runs " + callCount(name) + " times per forward" : null;
        if (modelOutput != null && modelOutput.isDirect(channels) && refusal == null) {
            refusal = "its channels are part of the model's output";
        }
        List<ChannelFeed> feeds = new ArrayList<>();
        for (int k = 0; k < inputs.length; k++) {
            if (inputs[k] == null || !inputs[k].isDirect(channels)) {
                continue;
            }
            String module = baseline.call(k).module();
            Layer consumer = layers.get(module);
            String problem = null;
            if (consumer == null) {
                if (fixedModules.contains(module)) {
                    problem = "its channels reach " + module + ", whose parameters jprune cannot slice";
                }
            } else if (callCount(module) > 1) {
                problem = "its channels reach " + module + ", which runs " + callCount(module) + " times per forward";
            } else {
                Link link = link(producer, consumer, inputs[k]);
                if (link.feed() != null) {
                    feeds.add(link.feed());
                } else {
                    problem = link.problem();
                }
            }
            if (problem != null && refusal == null) {
                refusal = problem;
            }
        }
        if (feeds.isEmpty() && refusal == null) {
            refusal = "no layer takes its channels as input";
        }
        return new ProducerFeeds(name, feeds, refusal);
    }

    /** A feed, or why the changed elements cannot be read as one. */
    private record Link(ChannelFeed feed, String problem) {
        static Link problem(String problem) {
            return new Link(null, problem);
        }
    }

    /**
     * Which consumer input channels each producer channel feeds, or why the changed elements are not whole
     * input channels (the consumer's input is read as {@code [in, rest]}, like the producer's output).
     */
    private static Link link(Layer producer, Layer consumer, ChangeOwners owners) {
        int in = consumer.inChannels();
        int length = owners.length();
        if (length % in != 0) {
            return Link.problem("its channels reach " + consumer.name() + ", whose input of " + length
                    + " values is not " + in + " input channels of equal size");
        }
        int plane = length / in;
        int[] channelOf = new int[in];
        int[] touched = new int[in];
        Arrays.fill(channelOf, -1);
        for (int i = 0; i < length; i++) {
            int c = owners.ownerOf(i);
            if (c < 0) {
                continue;
            }
            int j = i / plane;
            if (channelOf[j] >= 0 && channelOf[j] != c) {
                return Link.problem("channels " + channelOf[j] + " and " + c + " both reach input channel " + j
                        + " of " + consumer.name());
            }
            channelOf[j] = c;
            touched[j]++;
        }
        int channels = producer.outChannels();
        int[] counts = new int[channels];
        for (int j = 0; j < in; j++) {
            if (channelOf[j] >= 0) {
                if (touched[j] != plane) {
                    return Link.problem("its channel " + channelOf[j] + " reaches only " + touched[j] + " of the "
                            + plane + " values of input channel " + j + " of " + consumer.name());
                }
                counts[channelOf[j]]++;
            }
        }
        int[][] inputs = new int[channels][];
        for (int c = 0; c < channels; c++) {
            if (counts[c] != counts[0]) {
                return Link.problem("its channels reach unequal numbers of input channels of " + consumer.name()
                        + " (" + counts[0] + " for channel 0, " + counts[c] + " for channel " + c + ")");
            }
            inputs[c] = new int[counts[c]];
        }
        int[] filled = new int[channels];
        for (int j = 0; j < in; j++) {
            int c = channelOf[j];
            if (c >= 0) {
                inputs[c][filled[c]++] = j;
            }
        }
        return new Link(new ChannelFeed(producer.name(), consumer.name(), inputs), null);
    }
}
