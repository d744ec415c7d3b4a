package io.jprune.runtime.structure;

import java.util.Arrays;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jprune.runtime.prune.Amount;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Compacted models compute what the masked ones did, with the shapes the masks imply. */
class CompactionTest {
    private static final List<float[]> IMAGES = ToyLeNet.images(11, 60);
    private static final List<float[]> CAPTURED = IMAGES.subList(0, 4);

    private static ToyLeNet prunedAsTheIssueSays() {
        ToyLeNet net = ToyLeNet.random(7);
        net.conv1.prune(Compaction.halfOfTheRows());
        net.conv2.prune(Compaction.halfOfTheRows());
        net.fc1.prune(Compaction.halfOfTheRows());
        return net;
    }

    @Test
    void lenetShrinksToTheChannelsItKeeps() {
        ToyLeNet net = prunedAsTheIssueSays();
        List<float[]> masked = Compaction.outputs(net, IMAGES);
        ModelStructure structure = Compaction.analyse(net, CAPTURED);
        CompactionPlan plan = structure.plan();

        assertEquals(List.of("conv1", "conv2", "fc1", "fc2"),
                plan.changes().stream().map(LayerChange::module).toList());
        assertArrayEquals(new int[] {3, 1, 3, 3}, plan.change("conv1").compactedShape().dims());
        assertArrayEquals(new int[] {8, 3, 3, 3}, plan.change("conv2").compactedShape().dims());
        assertArrayEquals(new int[] {60, 200}, plan.change("fc1").compactedShape().dims());
        assertArrayEquals(new int[] {84, 60}, plan.change("fc2").compactedShape().dims());
        assertNull(plan.change("fc3"));
        assertArrayEquals(prunedRows(net.conv1), plan.change("conv1").removedOutputs());
        assertArrayEquals(prunedRows(net.conv1), plan.change("conv2").removedInputs());

        net.install(plan);
        assertEquals(3, net.conv1.outChannels);
        assertEquals(3, net.conv2.inChannels);
        assertEquals(8, net.conv2.outChannels);
        assertEquals(200, net.fc1.inChannels);
        assertEquals(60, net.fc1.outChannels);
        assertEquals(60, net.fc2.inChannels);
        Compaction.assertOutputsAgree(masked, net, IMAGES);
        ToyTracer replay = new ToyTracer(net, CAPTURED);
        for (int i = 0; i < CAPTURED.size(); i++) {
            assertArrayEquals(masked.get(i), structure.modelOutputs().get(i), "the masked output of input " + i);
            assertNull(OutputAgreement.within(1e-5).disagreement(structure.modelOutputs().get(i),
                    replay.trace(i, null).root().output()), "the check an adapter runs before keeping a compaction");
        }
    }

    @Test
    void theConstantOfARemovedChannelIsFoldedIntoTheConsumersBias() {
        ToyLeNet net = prunedAsTheIssueSays();
        float[] fc2Bias = net.fc2.bias.clone();
        LayerChange fc2 = Compaction.analyse(net, CAPTURED).plan().change("fc2");
        // fc1's pruned channel c outputs relu(bias[c]) whatever the image: fc2 must add W[:, c] * that.
        for (int o = 0; o < 84; o++) {
            double expected = fc2Bias[o];
            for (int c : prunedRows(net.fc1)) {
                expected += (double) net.fc2.weight[o * 120 + c] * Math.max(0f, net.fc1.bias[c]);
            }
            assertEquals((float) expected, fc2.bias()[o], 1e-6f * Math.max(1f, Math.abs((float) expected)), "fc2 bias " + o);
        }
        assertFalse(Arrays.equals(fc2Bias, fc2.bias()), "these random biases are mostly positive");
    }

    @Test
    void withoutTheFoldTheOutputsWouldDiffer() {
        ToyLeNet net = prunedAsTheIssueSays();
        List<float[]> masked = Compaction.outputs(net, IMAGES);
        CompactionPlan plan = Compaction.analyse(net, CAPTURED).plan();
        net.install(plan);
        net.fc2.bias = keptBias(ToyLeNet.random(7).fc2.bias, plan.change("fc2").keptOutputs());
        OutputAgreement agreement = OutputAgreement.within(OutputAgreement.DEFAULT_TOLERANCE);
        assertNotEquals(null, agreement.disagreement(masked.get(0), net.forward(IMAGES.get(0).clone())));
    }

    @Test
    void residualBranchesLoseChannelCTogetherOrNotAtAll() {
        SmallModels.Residual model = new SmallModels.Residual(3);
        model.fa.prune(Compaction.rows(model.fa, 1, 3));
        model.fb.prune(Compaction.rows(model.fb, 1, 4));
        List<float[]> inputs = SmallModels.vectors(8, 40, 8);
        List<float[]> masked = Compaction.outputs(model, inputs);
        ModelStructure structure = Compaction.analyse(model, inputs.subList(0, 4));
        CompactionPlan plan = structure.plan();

        assertArrayEquals(new int[] {0, 2, 3, 4, 5}, plan.change("fa").keptOutputs());
        assertArrayEquals(new int[] {0, 2, 3, 4, 5}, plan.change("fb").keptOutputs());
        assertArrayEquals(new int[] {1}, plan.change("fc").removedInputs());
        assertEquals(List.of("output channel 3 stays masked: coupled with fb[3], which is not pruned"),
                List.of(structure.report().module("fa").getNotes()));
        assertEquals(List.of("output channel 4 stays masked: coupled with fa[4], which is not pruned"),
                List.of(structure.report().module("fb").getNotes()));

        model.install(plan);
        assertEquals(5, model.fa.outChannels);
        assertEquals(5, model.fb.outChannels);
        assertEquals(5, model.fc.inChannels);
        Compaction.assertOutputsAgree(masked, model, inputs);
    }

    @Test
    void inputsTheConsumerIgnoresAreRemovedWithTheirProducerChannels() {
        ToyLeNet net = ToyLeNet.random(9);
        net.conv2.prune(Compaction.lnStructured(Amount.count(2), 1));
        List<float[]> masked = Compaction.outputs(net, IMAGES);
        ModelStructure structure = Compaction.analyse(net, CAPTURED);
        LayerChange conv1 = structure.plan().change("conv1");
        LayerChange conv2 = structure.plan().change("conv2");
        assertEquals(2, conv1.removedOutputs().length);
        assertArrayEquals(conv1.removedOutputs(), conv2.removedInputs());
        assertArrayEquals(new int[0], structure.report().module("conv1").getPrunedOutputs(),
                "conv1 itself is not pruned: conv2 ignores those channels");
        net.install(structure.plan());
        Compaction.assertOutputsAgree(masked, net, IMAGES);
    }

    @Test
    void planningWritesNoneOfTheArraysItIsGiven() {
        ToyLeNet net = prunedAsTheIssueSays();
        List<float[]> before = new ArrayList<>();
        for (ToyLayer layer : net.layers()) {
            before.add(layer.weight.clone());
            before.add(layer.bias.clone());
        }
        CompactionPlan plan = Compaction.analyse(net, CAPTURED).plan();
        int n = 0;
        for (ToyLayer layer : net.layers()) {
            assertArrayEquals(before.get(n++), layer.weight, layer.name);
            assertArrayEquals(before.get(n++), layer.bias, layer.name);
            LayerChange change = plan.change(layer.name);
            if (change != null) {
                assertTrue(change.weight() != layer.weight && change.bias() != layer.bias, "fresh arrays");
            }
        }
    }

    @Test
    void restoringTheOriginalArraysGivesTheOriginalModelBack() {
        ToyLeNet original = ToyLeNet.random(7);
        List<float[]> expected = Compaction.outputs(original, IMAGES);
        ToyLeNet net = ToyLeNet.random(7);
        List<float[]> weights = new ArrayList<>();
        List<float[]> biases = new ArrayList<>();
        for (ToyLayer layer : net.layers()) {
            weights.add(layer.weight);
            biases.add(layer.bias);
        }
        net.conv1.prune(Compaction.halfOfTheRows());
        net.conv2.prune(Compaction.halfOfTheRows());
        net.fc1.prune(Compaction.halfOfTheRows());
        net.install(Compaction.analyse(net, CAPTURED).plan());
        int n = 0;
        for (ToyLayer layer : net.layers()) {
            layer.weight = weights.get(n);
            layer.bias = biases.get(n++);
        }
        net.conv1.outChannels = 6;
        net.conv2.inChannels = 6;
        net.conv2.outChannels = 16;
        net.fc1.inChannels = 400;
        net.fc1.outChannels = 120;
        net.fc2.inChannels = 120;
        for (int i = 0; i < IMAGES.size(); i++) {
            assertArrayEquals(expected.get(i), net.forward(IMAGES.get(i).clone()), "bit for bit, image " + i);
        }
    }

    static int[] prunedRows(ToyLayer layer) {
        List<Integer> rows = new ArrayList<>();
        int rowLength = layer.weight.length / layer.outChannels;
        for (int o = 0; o < layer.outChannels; o++) {
            boolean all = true;
            for (int i = o * rowLength; i < (o + 1) * rowLength; i++) {
                all &= !layer.mask.get(i);
            }
            if (all) {
                rows.add(o);
            }
        }
        return rows.stream().mapToInt(Integer::intValue).toArray();
    }

    private static float[] keptBias(float[] bias, int[] kept) {
        float[] out = new float[kept.length];
        for (int i = 0; i < kept.length; i++) {
            out[i] = bias[kept[i]];
        }
        return out;
    }
}
