package io.jprune.runtime.structure;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides, bundle by bundle, which pruned channels compaction removes. A bundle goes only when it is dead
 * (all its channels pruned, or all its consumers' weights for it pruned), every layer it touches can change
 * the dim concerned, and, when the removed channels still deliver a constant, every consumer can absorb
 * that constant exactly into its bias. Anything else stays masked, with the reason.
 */
final class CutPlanner {
    private final Map<String, Layer> layers;
    private final Dependencies dependencies;
    private final Baselines baselines;
    private final ProducerProbe probe;
    private final ForwardTracer tracer;
    private final Map<ProducerChannel, ForwardTrace> probeTraces = new HashMap<>();

    CutPlanner(Map<String, Layer> layers, Dependencies dependencies, Baselines baselines, ProducerProbe probe,
               ForwardTracer tracer) {
        this.layers = layers;
        this.dependencies = dependencies;
        this.baselines = baselines;
        this.probe = probe;
        this.tracer = tracer;
    }

    List<BundleVerdict> decide() {
        List<BundleVerdict> verdicts = new ArrayList<>();
        for (ChannelBundle bundle : dependencies.bundles()) {
            verdicts.add(judge(bundle));
        }
        keepOneChannelEverywhere(verdicts);
        return verdicts;
    }

    private BundleVerdict judge(ChannelBundle bundle) {
        List<ProducerChannel> unpruned = new ArrayList<>();
        for (ProducerChannel member : bundle.members()) {
            if (!layers.get(member.producer()).outputPruned(member.channel())) {
                unpruned.add(member);
            }
        }
        boolean ignored = consumersIgnore(bundle);
        if (!unpruned.isEmpty() && !ignored) {
            boolean somePruned = unpruned.size() < bundle.members().size();
            return BundleVerdict.kept(bundle, false, somePruned ? "coupled with " + names(unpruned)
                    + (unpruned.size() == 1 ? ", which is" : ", which are") + " not pruned" : null);
        }
        String obstacle = obstacle(bundle);
        if (obstacle != null) {
            return BundleVerdict.kept(bundle, true, obstacle);
        }
        if (ignored) {
            return new BundleVerdict(bundle, true, true, null, Map.of());
        }
        Map<String, double[]> folds = new LinkedHashMap<>();
        for (Map.Entry<String, int[]> consumer : bundle.consumerInputsView().entrySet()) {
            String problem = fold(bundle, layers.get(consumer.getKey()), consumer.getValue(), folds);
            if (problem != null) {
                return BundleVerdict.kept(bundle, true, problem);
            }
        }
        return new BundleVerdict(bundle, true, true, null, folds);
    }

    private static String names(List<ProducerChannel> channels) {
        List<String> names = new ArrayList<>();
        for (ProducerChannel channel : channels) {
            names.add(channel.toString());
        }
        return String.join(", ", names);
    }

    /** Whether every consumer's mask prunes every weight reading the bundle: then its values never matter. */
    private boolean consumersIgnore(ChannelBundle bundle) {
        for (Map.Entry<String, int[]> consumer : bundle.consumerInputsView().entrySet()) {
            Layer layer = layers.get(consumer.getKey());
            for (int j : consumer.getValue()) {
                if (!layer.inputPruned(j)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Why the bundle cannot be removed whatever its values, or {@code null}. */
    private String obstacle(ChannelBundle bundle) {
        if (bundle.irregularity() != null) {
            return "the coupled channels do not line up: " + bundle.irregularity();
        }
        for (String producer : bundle.producers()) {
            String refusal = dependencies.producerRefusals().get(producer);
            if (refusal != null) {
                return producer + ": " + refusal;
            }
            String fixed = layers.get(producer).outDimFixed();
            if (fixed != null) {
                return "the output dim of " + producer + " cannot change: " + fixed;
            }
        }
        for (String consumer : bundle.consumers()) {
            String fixed = layers.get(consumer).inDimFixed();
            if (fixed != null) {
                return "the input dim of " + consumer + " cannot change: " + fixed;
            }
        }
        return null;
    }

    /**
     * Computes what the consumer's bias must gain so that dropping {@code inputs} changes nothing:
     * {@code sum_j v_j * sum_k W[o, j, k]} for each output channel o, with {@code v_j} the constant the traces
     * show on input channel j; or why that would not be exact.
     */
    private String fold(ChannelBundle bundle, Layer consumer, int[] inputs, Map<String, double[]> folds) {
        if (baselines.distinctInputs() < 2) {
            return "folding what the removed channels deliver needs at least 2 different captured inputs, to tell "
                    + "a constant from an input-dependent value; there " + (baselines.distinctInputs() == 1
                    ? "is 1" : "are " + baselines.distinctInputs());
        }
        InputConstants.Reading constants = InputConstants.read(baselines, consumer, inputs);
        if (constants.problem() != null) {
            return constants.problem();
        }
        for (double v : constants.values()) {
            if (!Double.isFinite(v)) {
                return consumer.name() + " receives " + v + " on a removed input channel";
            }
        }
        String problem = verifyWithProbe(bundle, consumer, inputs);
        if (problem != null) {
            return problem;
        }
        float[] w = consumer.weight();
        int in = consumer.inChannels();
        int k = consumer.kernelSize();
        double[] fold = new double[consumer.outChannels()];
        boolean nonZero = false;
        for (int o = 0; o < fold.length; o++) {
            for (int n = 0; n < inputs.length; n++) {
                double sum = 0;
                for (int i = (o * in + inputs[n]) * k, end = i + k; i < end; i++) {
                    sum += w[i];
                }
                fold[o] += constants.values()[n] * sum;
            }
            nonZero |= fold[o] != 0;
        }
        if (nonZero && !consumer.hasBias()) {
            return consumer.name() + " has no bias to absorb the constant its removed input channels "
                    + IndexList.format(inputs) + " deliver";
        }
        folds.put(consumer.name(), fold);
        return null;
    }

    private String verifyWithProbe(ChannelBundle bundle, Layer consumer, int[] inputs) {
        ProducerChannel feeder = null;
        for (ProducerChannel member : bundle.members()) {
            if (dependencies.feed(member.producer(), consumer.name()) != null) {
                feeder = member;
                break;
            }
        }
        if (feeder == null) {
            return "no channel of the bundle is seen feeding " + consumer.name();
        }
        ForwardTrace probed;
        try {
            probed = probeTraces.computeIfAbsent(feeder, member -> tracer.trace(0,
                    probe.perturbation(layers.get(member.producer()), member.channel())));
        } catch (RuntimeException e) {
            return "the forward fails when " + feeder + " is probed: " + e;
        }
        String layout = Baselines.layoutDifference(baselines.first(), probed);
        if (layout != null) {
            return "probing " + feeder + " changes what the forward runs: " + layout;
        }
        return FoldCheck.verify(baselines.first(), probed, probe.positionOf(consumer.name()), consumer, inputs);
    }

    /**
     * Keeps every bundle of a layer that would otherwise lose all its output or all its input channels: a
     * zero-sized layer is something no app's code expects.
     */
    private void keepOneChannelEverywhere(List<BundleVerdict> verdicts) {
        Map<String, Integer> outputsRemoved = new HashMap<>();
        Map<String, Integer> inputsRemoved = new HashMap<>();
        for (BundleVerdict verdict : verdicts) {
            if (!verdict.cut()) {
                continue;
            }
            for (ProducerChannel member : verdict.bundle().members()) {
                outputsRemoved.merge(member.producer(), 1, Integer::sum);
            }
            for (Map.Entry<String, int[]> consumer : verdict.bundle().consumerInputsView().entrySet()) {
                inputsRemoved.merge(consumer.getKey(), consumer.getValue().length, Integer::sum);
            }
        }
        for (int i = 0; i < verdicts.size(); i++) {
            BundleVerdict verdict = verdicts.get(i);
            if (!verdict.cut()) {
                continue;
            }
            String emptied = null;
            for (String producer : verdict.bundle().producers()) {
                if (emptied == null && outputsRemoved.getOrDefault(producer, 0) == layers.get(producer).outChannels()) {
                    emptied = "removing them would leave " + producer + " without output channels";
                }
            }
            for (String consumer : verdict.bundle().consumers()) {
                if (emptied == null && inputsRemoved.getOrDefault(consumer, 0) == layers.get(consumer).inChannels()) {
                    emptied = "removing them would leave " + consumer + " without input channels";
                }
            }
            if (emptied != null) {
                verdicts.set(i, verdict.uncut(emptied + "; jprune keeps at least one"));
            }
        }
    }
}
