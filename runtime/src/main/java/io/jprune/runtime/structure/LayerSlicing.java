package io.jprune.runtime.structure;

import io.jprune.runtime.tensor.Shape;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Turns the cut bundles into new arrays: each layer loses the rows of its removed output channels and the
 * slices of its removed input channels, and its bias gains the folded constants. Works on the effective
 * (masked) weights, so that the compacted model computes what the masked one did.
 */
final class LayerSlicing {
    private LayerSlicing() {
    }

    static CompactionPlan plan(Collection<Layer> layers, List<BundleVerdict> verdicts) {
        Map<String, TreeSet<Integer>> removedOutputs = new HashMap<>();
        Map<String, TreeSet<Integer>> removedInputs = new HashMap<>();
        Map<String, double[]> folds = new HashMap<>();
        for (BundleVerdict verdict : verdicts) {
            if (!verdict.cut()) {
                continue;
            }
            for (ProducerChannel member : verdict.bundle().members()) {
                removedOutputs.computeIfAbsent(member.producer(), name -> new TreeSet<>()).add(member.channel());
            }
            for (Map.Entry<String, int[]> consumer : verdict.bundle().consumerInputsView().entrySet()) {
                TreeSet<Integer> inputs = removedInputs.computeIfAbsent(consumer.getKey(), name -> new TreeSet<>());
                for (int j : consumer.getValue()) {
                    inputs.add(j);
                }
            }
            for (Map.Entry<String, double[]> fold : verdict.folds().entrySet()) {
                double[] total = folds.computeIfAbsent(fold.getKey(), name -> new double[fold.getValue().length]);
                for (int o = 0; o < total.length; o++) {
                    total[o] += fold.getValue()[o];
                }
            }
        }
        List<LayerChange> changes = new ArrayList<>();
        for (Layer layer : layers) {
            TreeSet<Integer> outputs = removedOutputs.getOrDefault(layer.name(), new TreeSet<>());
            TreeSet<Integer> inputs = removedInputs.getOrDefault(layer.name(), new TreeSet<>());
            if (outputs.isEmpty() && inputs.isEmpty()) {
                continue;
            }
            changes.add(change(layer, kept(layer.outChannels(), outputs), kept(layer.inChannels(), inputs),
                    folds.get(layer.name())));
        }
        return new CompactionPlan(changes);
    }

    private static int[] kept(int size, TreeSet<Integer> removed) {
        int[] kept = new int[size - removed.size()];
        int n = 0;
        for (int i = 0; i < size; i++) {
            if (!removed.contains(i)) {
                kept[n++] = i;
            }
        }
        return kept;
    }

    private static LayerChange change(Layer layer, int[] keptOutputs, int[] keptInputs, double[] fold) {
        int in = layer.inChannels();
        int k = layer.kernelSize();
        float[] w = layer.weight();
        float[] weight = new float[keptOutputs.length * keptInputs.length * k];
        int at = 0;
        for (int o : keptOutputs) {
            for (int j : keptInputs) {
                System.arraycopy(w, (o * in + j) * k, weight, at, k);
                at += k;
            }
        }
        float[] bias = null;
        if (layer.hasBias()) {
            bias = new float[keptOutputs.length];
            for (int n = 0; n < keptOutputs.length; n++) {
                int o = keptOutputs[n];
                bias[n] = fold == null ? layer.bias()[o] : (float) (layer.bias()[o] + fold[o]);
            }
        }
        int[] dims = layer.weightShape().dims();
        dims[0] = keptOutputs.length;
        dims[1] = keptInputs.length;
        return new LayerChange(layer.name(), layer.weightShape(), Shape.of(dims), keptOutputs, keptInputs, weight,
                bias);
    }
}
