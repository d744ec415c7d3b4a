package io.jprune.agent.instrumentation.plain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jprune.runtime.api.Compactor;
import io.jprune.runtime.record.ChangeKind;
import io.jprune.runtime.record.ModelChange;
import io.jprune.runtime.api.NamedTensor;
import io.jprune.runtime.api.NamedTensors;
import io.jprune.runtime.api.Pruner;
import io.jprune.runtime.model.Model;
import io.jprune.runtime.prune.Amount;
import io.jprune.runtime.structure.ModuleStructure;
import io.jprune.runtime.structure.OutputAgreement;
import io.jprune.runtime.structure.StructureReport;
import io.jprune.testmodels.hooked.BiasedLinear;
import io.jprune.testmodels.hooked.CarelessLinear;
import io.jprune.testmodels.hooked.CarelessNet;
import io.jprune.testmodels.hooked.ResidualNet;
import io.jprune.testmodels.hooked.SizelessLinear;
import io.jprune.testmodels.hooked.SizelessNet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Structure and compaction through the real agent in this JVM: the app's own forwards are captured and replayed
 * through its hooked forward methods, the compacted arrays and int sizes are installed into its private final
 * fields, and restore gives every object back.
 */
class CompactionThroughTheAgentTest {
    private static final OutputAgreement AGREEMENT = OutputAgreement.within(OutputAgreement.DEFAULT_TOLERANCE);

    @BeforeAll
    static void installTheAgentBeforeTheAppsFirstForward() {
        assertNotNull(InProcessAgent.REGISTRY);
    }

    @Test
    void residualBranchesLoseTheirPrunedChannelsTogetherAndRestoreGivesEverythingBack() {
        ResidualNet net = new ResidualNet(11);
        float[][] inputs = ResidualNet.inputs(12, 10);
        List<float[]> original = outputs(net, inputs);
        Model model = InProcessAgent.modelOf(net);
        Map<String, Object> originalArrays = arrays(net);
        Pruner pruner = new Pruner(model, InProcessAgent.KERNELS);
        pruner.customFromMask("fa.weight", rowsPruned(6, 8, 1, 2, 4));
        pruner.customFromMask("fb.weight", rowsPruned(6, 8, 1, 4));
        List<float[]> masked = outputs(net, inputs);

        StructureReport report = new Compactor(model).structure();
        assertArrayEquals(new String[] {"fa + fb"}, report.getGroups(), report.render());
        ModuleStructure fa = report.module("fa");
        assertArrayEquals(new int[] {1, 2, 4}, fa.getPrunedOutputs());
        assertArrayEquals(new int[] {1, 4}, fa.getRemovedOutputs(), "channel 2 of fb is alive, so fa keeps its 2");
        assertTrue(fa.getNotes()[0].startsWith("output channel 2 stays masked"), Arrays.toString(fa.getNotes()));
        assertArrayEquals(new int[] {4, 8}, fa.getCompactedShape());
        assertArrayEquals(new int[] {1, 4}, report.module("fb").getRemovedOutputs());
        assertArrayEquals(new int[] {1, 4}, report.module("fc").getRemovedInputs());
        assertArrayEquals(new int[] {4, 4}, report.module("fc").getCompactedShape());
        assertEquals(6 * 8 * 2 + 6 * 4, report.getMacs());
        assertEquals(4 * 8 * 2 + 4 * 4, report.getCompactedMacs());

        List<ModelChange> changes = new java.util.concurrent.CopyOnWriteArrayList<>();
        model.changeLog().subscribe(changes::add);
        String summary = new Compactor(model).compact();
        assertEquals(1, changes.size(), "one record of the compaction");
        assertEquals(ChangeKind.COMPACT, changes.get(0).kind());
        assertEquals(summary, changes.get(0).summary());
        assertTrue(changes.get(0).sparsityAfter() < changes.get(0).sparsityBefore(),
                "the entirely pruned rows are gone: " + changes.get(0));
        assertTrue(summary.startsWith(model.name() + ": compacted fa [6, 8] -> [4, 8], fb [6, 8] -> [4, 8], "
                + "fc [4, 6] -> [4, 4]; MACs per forward 120 -> 80"), summary);
        assertEquals(List.of(4, 4, 4, 4), List.of(net.fa().outFeatures(), net.fb().outFeatures(),
                net.fc().inFeatures(), net.fc().outFeatures()), "the app's own int sizes are shrunk");
        assertEquals(32, net.fa().weight().length);
        assertEquals(4, net.fa().bias().length);
        assertEquals(16, net.fc().weight().length);
        assertEquals(Map.of("fa.weight", "[4, 8]", "fa.bias", "[4]", "fb.weight", "[4, 8]", "fb.bias", "[4]",
                "fc.weight", "[4, 4]", "fc.bias", "[4]"), shapes(model));
        assertFalse(model.isPruned(), "compacted parameters are permanent, as after remove");
        assertAgree(masked, outputs(net, inputs));

        assertEquals("fc.weight: l1_unstructured amount=3 -> 3 of 16 pruned (18.8%)",
                pruner.l1Unstructured("fc.weight", Amount.count(3), null), "later prunes see the compacted shape");
        NamedTensors tensors = new NamedTensors(model, InProcessAgent.KERNELS);
        assertArrayEquals(new int[] {4, 4}, tensors.tensor("fc.weight_mask").shape().dims());
        assertTrue(tensors.describe("fc").contains("('weight_orig', Parameter containing:\ntensor([["),
                tensors.describe("fc"));

        String restored = pruner.restore();
        assertEquals(model.name() + ": restored 2 parameters: fa.weight, fb.weight; undid the compaction of fa, fb, fc",
                restored, "fc's later prune is undone with the compaction it was made on");
        Map<String, Object> back = arrays(net);
        for (Map.Entry<String, Object> array : originalArrays.entrySet()) {
            assertSame(array.getValue(), back.get(array.getKey()), array.getKey() + " is the app's own array again");
        }
        assertEquals(List.of(6, 6, 6, 4), List.of(net.fa().outFeatures(), net.fb().outFeatures(),
                net.fc().inFeatures(), net.fc().outFeatures()));
        assertEquals(Map.of("fa.weight", "[6, 8]", "fa.bias", "[6]", "fb.weight", "[6, 8]", "fb.bias", "[6]",
                "fc.weight", "[4, 6]", "fc.bias", "[4]"), shapes(model));
        assertBitsEqual(original, outputs(net, inputs));
    }

    @Test
    void aLayerWithoutIntSizesIsReportedAndLeftMasked() {
        Random random = new Random(5);
        float[][] weight = new float[6][4];
        for (float[] row : weight) {
            for (int i = 0; i < row.length; i++) {
                row[i] = (float) random.nextGaussian();
            }
        }
        SizelessNet net = new SizelessNet(new SizelessLinear(weight, positive(random, 6)),
                new BiasedLinear(6, 3, gaussian(random, 18), positive(random, 3)));
        float[][] inputs = inputs(random, 8, 4);
        outputs(net, inputs);
        Model model = InProcessAgent.modelOf(net);
        new Pruner(model, InProcessAgent.KERNELS).customFromMask("first.weight", rowsPruned(6, 4, 1, 3));
        float[][] maskedWeight = net.first().weight();
        List<float[]> masked = outputs(net, inputs);

        ModuleStructure first = new Compactor(model).structure().module("first");
        assertArrayEquals(new int[] {1, 3}, first.getPrunedOutputs());
        assertArrayEquals(new int[0], first.getRemovedOutputs());
        String summary = new Compactor(model).compact();
        String why = "the output dim of first cannot change: no int field of the module holds its output size, so "
                + "its loops could not shrink";
        assertEquals(model.name() + ": nothing to compact: first: output channels 1, 3 stay masked: " + why
                + "; second: dead input channels 1, 3 stay: " + why, summary);
        assertSame(maskedWeight, net.first().weight(), "nothing was installed");
        assertTrue(model.isPruned());
        assertBitsEqual(masked, outputs(net, inputs));
    }

    @Test
    void aCompactionThatChangesTheOutputsIsRefusedAndTheMaskedModelStays() {
        Random random = new Random(9);
        CarelessNet net = new CarelessNet(new BiasedLinear(4, 6, gaussian(random, 24), positive(random, 6)),
                new CarelessLinear(3, gaussian(random, 18), positive(random, 3)));
        float[][] inputs = inputs(random, 8, 4);
        outputs(net, inputs);
        Model model = InProcessAgent.modelOf(net);
        new Pruner(model, InProcessAgent.KERNELS).customFromMask("first.weight", rowsPruned(6, 4, 1, 3));
        float[] maskedWeight = net.first().weight();
        List<float[]> masked = outputs(net, inputs);
        assertArrayEquals(new int[] {3, 4}, new Compactor(model).structure().module("second").getCompactedShape(),
                "the analysis cannot see the loop written into the code");

        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> new Compactor(model).compact());
        assertTrue(refused.getMessage().startsWith("model " + model.name() + ": compaction refused, the model is as it "
                + "was: java.lang.ArrayIndexOutOfBoundsException"), refused.getMessage());
        assertSame(maskedWeight, net.first().weight());
        assertEquals(6, net.first().outFeatures());
        assertEquals(6, net.second().inFeatures());
        assertTrue(model.isPruned());
        assertBitsEqual(masked, outputs(net, inputs));
    }

    private static List<float[]> outputs(Object net, float[][] inputs) {
        List<float[]> outputs = new ArrayList<>();
        for (float[] input : inputs) {
            outputs.add(forward(net, input.clone()));
        }
        return outputs;
    }

    private static float[] forward(Object net, float[] input) {
        if (net instanceof ResidualNet residual) {
            return residual.forward(input);
        }
        if (net instanceof SizelessNet sizeless) {
            return sizeless.forward(input);
        }
        return ((CarelessNet) net).forward(input);
    }

    private static Map<String, Object> arrays(ResidualNet net) {
        Map<String, Object> arrays = new LinkedHashMap<>();
        for (Map.Entry<String, BiasedLinear> layer : Map.of("fa", net.fa(), "fb", net.fb(), "fc", net.fc()).entrySet()) {
            arrays.put(layer.getKey() + ".weight", layer.getValue().weight());
            arrays.put(layer.getKey() + ".bias", layer.getValue().bias());
        }
        return arrays;
    }

    private static Map<String, String> shapes(Model model) {
        Map<String, String> shapes = new LinkedHashMap<>();
        for (NamedTensor tensor : new NamedTensors(model, InProcessAgent.KERNELS).parameters("")) {
            shapes.put(tensor.name(), Arrays.toString(tensor.shape().dims()));
        }
        return shapes;
    }

    /** A {@code custom_from_mask} mask of an {@code [out, in]} weight pruning the given rows entirely. */
    private static float[] rowsPruned(int out, int in, int... rows) {
        float[] mask = new float[out * in];
        Arrays.fill(mask, 1f);
        for (int row : rows) {
            Arrays.fill(mask, row * in, (row + 1) * in, 0f);
        }
        return mask;
    }

    private static float[][] inputs(Random random, int count, int length) {
        float[][] inputs = new float[count][];
        for (int i = 0; i < count; i++) {
            inputs[i] = gaussian(random, length);
        }
        return inputs;
    }

    private static float[] gaussian(Random random, int n) {
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return values;
    }

    private static float[] positive(Random random, int n) {
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = 0.2f + random.nextFloat();
        }
        return values;
    }

    private static void assertAgree(List<float[]> expected, List<float[]> actual) {
        for (int i = 0; i < expected.size(); i++) {
            String disagreement = AGREEMENT.disagreement(expected.get(i), actual.get(i));
            assertNull(disagreement, "input " + i + ": " + disagreement);
        }
    }

    private static void assertBitsEqual(List<float[]> expected, List<float[]> actual) {
        for (int i = 0; i < expected.size(); i++) {
            float[] e = expected.get(i);
            float[] a = actual.get(i);
            assertEquals(e.length, a.length);
            for (int j = 0; j < e.length; j++) {
                assertEquals(Float.floatToRawIntBits(e[j]), Float.floatToRawIntBits(a[j]), "input " + i + ", output " + j);
            }
        }
    }
}
