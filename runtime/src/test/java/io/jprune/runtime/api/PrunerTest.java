package io.jprune.runtime.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jprune.kernels.Kernels;
import io.jprune.kernels.cpu.CpuKernels;
import io.jprune.runtime.model.ArrayHandle;
import io.jprune.runtime.model.Model;
import io.jprune.runtime.model.ModelState;
import io.jprune.runtime.model.Models;
import io.jprune.runtime.prune.Amount;
import io.jprune.runtime.prune.L1Unstructured;
import io.jprune.runtime.prune.NormOrder;
import io.jprune.runtime.prune.RandomStructured;
import io.jprune.runtime.spi.ActivationForm;
import io.jprune.runtime.spi.DiscoveredModel;
import io.jprune.runtime.spi.ModelCopier;
import io.jprune.runtime.spi.ModuleNode;
import io.jprune.runtime.spi.ParameterNames;
import io.jprune.runtime.spi.WeightInstaller;
import io.jprune.runtime.tensor.Shape;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link Pruner} and {@link NamedTensors} on hand-built models, against the spec's hand-derived cases. */
class PrunerTest {
    private final Kernels kernels = new CpuKernels();

    @Test
    void firstPruneKeepsTheAppsArrayAsWeightOrigAndInstallsTheProduct() {
        Models.Linear linear = new Models.Linear();
        float[] original = linear.weight.field();
        Pruner pruner = new Pruner(linear.model, kernels);

        String summary = pruner.l1Unstructured("weight", Amount.fraction(0.5), null);

        assertEquals("weight: l1_unstructured amount=0.5 -> 3 of 6 pruned (50.0%)", summary);
        NamedTensors tensors = new NamedTensors(linear.model, kernels);
        assertSame(original, tensors.tensor("weight_orig").values(), "weight_orig is the app's own array");
        assertArrayEquals(new float[] {0.5f, -1.5f, 2.0f, -0.1f, 3.0f, -0.7f}, original, "never written");
        assertArrayEquals(new float[] {0, 1, 1, 0, 1, 0}, tensors.tensor("weight_mask").values());
        float[] installed = linear.weight.field();
        assertBits(new float[] {0f, -1.5f, 2.0f, -0f, 3.0f, -0f}, installed);
        assertSame(installed, tensors.tensor("weight").values(), "the field holds the cached product");
        assertTrue(linear.model.isUpToDate(), "an idle model is updated at once");
    }

    @Test
    void listsParametersAndBuffersInPyTorchsOrder() {
        Models.Linear linear = new Models.Linear();
        Pruner pruner = new Pruner(linear.model, kernels);
        NamedTensors tensors = new NamedTensors(linear.model, kernels);
        assertEquals(List.of("weight", "bias"), names(tensors.parameters("")));

        pruner.l1Unstructured("weight", Amount.fraction(0.5), null);
        assertEquals(List.of("bias", "weight_orig"), names(tensors.parameters("")));
        assertEquals(List.of("weight_mask"), names(tensors.buffers("")));

        pruner.l1Unstructured("bias", Amount.count(1), null);
        assertEquals(List.of("weight_orig", "bias_orig"), names(tensors.parameters("")));
        assertEquals(List.of("weight_mask", "bias_mask"), names(tensors.buffers("")));

        pruner.remove("weight");
        assertEquals(List.of("bias_orig", "weight"), names(tensors.parameters("")));
        assertEquals(List.of("bias_mask"), names(tensors.buffers("")));

        pruner.restore("bias");
        assertEquals(List.of("bias", "weight"), names(tensors.parameters("")),
                "restore lists bias where it was; weight stays where remove put it");
    }

    @Test
    void namesAreRelativeToTheModuleAsked() {
        Models.TwoLayers net = new Models.TwoLayers();
        new Pruner(net.model, kernels).identity("b.weight");
        NamedTensors tensors = new NamedTensors(net.model, kernels);
        assertEquals(List.of("a.weight", "b.weight_orig"), names(tensors.parameters("")));
        assertEquals(List.of("weight_orig"), names(tensors.parameters("b")));
        assertEquals(List.of("b.weight_mask"), names(tensors.buffers("")));
        assertEquals(List.of(), names(tensors.buffers("a")));
        assertEquals(List.of("", "a", "b"), tensors.modules().stream().map(ModuleNode::name).toList());
    }

    @Test
    void iterativeL1CountsFractionsOfWhatRemains() {
        Object root = new Object();
        ArrayHandle w = new ArrayHandle("weight", Shape.of(2, 4), 0.1f, 0.8f, -0.3f, 0.6f, -0.9f, 0.2f, 0.5f, -0.4f);
        Model model = new Model("M", root, new ModuleNode("", root, "Linear", "Linear()", List.of(w), List.of()));
        Pruner pruner = new Pruner(model, kernels);
        NamedTensors tensors = new NamedTensors(model, kernels);

        pruner.l1Unstructured("weight", Amount.fraction(0.5), null);
        assertArrayEquals(new float[] {0, 1, 0, 1, 1, 0, 1, 0}, tensors.tensor("weight_mask").values());
        assertEquals("weight: l1_unstructured amount=0.5 -> 6 of 8 pruned (75.0%) (4 already pruned, 2 newly pruned)",
                pruner.l1Unstructured("weight", Amount.fraction(0.5), null));
        assertArrayEquals(new float[] {0, 1, 0, 0, 1, 0, 0, 0}, tensors.tensor("weight_mask").values());
    }

    @Test
    void globalUnstructuredRanksAllParametersTogether() {
        Models.TwoLayers net = new Models.TwoLayers();
        Pruner pruner = new Pruner(net.model, kernels);
        NamedTensors tensors = new NamedTensors(net.model, kernels);

        String summary = pruner.globalUnstructured(List.of("a.weight", "b.weight"),
                new L1Unstructured(Amount.fraction(0.5)));

        assertEquals("global_unstructured L1Unstructured(amount=0.5) over 2 parameters -> 4 of 7 pruned (57.1%): "
                + "a.weight 2 of 4 pruned (50.0%), b.weight 2 of 3 pruned (66.7%)", summary);
        assertArrayEquals(new float[] {1, 0, 0, 1}, tensors.tensor("a.weight_mask").values());
        assertArrayEquals(new float[] {0, 1, 0}, tensors.tensor("b.weight_mask").values());

        assertEquals("CustomFromMask", net.model.pruned("a.weight").methods().get(0).name());

        // the remaining entries are 0.9, -1.2 (a) and -0.6 (b): the smallest, b's, goes
        assertEquals("global_unstructured L1Unstructured(amount=1) over 2 parameters -> 5 of 7 pruned (71.4%) "
                + "(4 already pruned, 1 newly pruned): a.weight 2 of 4 pruned (50.0%) (2 already pruned, 0 newly "
                + "pruned), b.weight 3 of 3 pruned (100.0%) (2 already pruned, 1 newly pruned)",
                pruner.globalUnstructured(List.of("a.weight", "b.weight"), new L1Unstructured(Amount.count(1))));
        assertArrayEquals(new float[] {1, 0, 0, 1}, tensors.tensor("a.weight_mask").values());
        assertArrayEquals(new float[] {0, 0, 0}, tensors.tensor("b.weight_mask").values());
        assertEquals(2, net.model.pruned("b.weight").methods().size());
    }

    @Test
    void globalUnstructuredRefusesStructuredMethodsAndRepeatedNames() {
        Models.TwoLayers net = new Models.TwoLayers();
        Pruner pruner = new Pruner(net.model, kernels);
        assertUnchanged(net.model, () -> pruner.globalUnstructured(List.of("a.weight"),
                new RandomStructured(Amount.count(1), 0, 1L)), IllegalArgumentException.class,
                "Only \"unstructured\" PRUNING_TYPE supported for the `pruning_method`.");
        assertUnchanged(net.model, () -> pruner.globalUnstructured(List.of("a.weight", "a.weight"),
                new L1Unstructured(Amount.count(1))), IllegalArgumentException.class,
                "global_unstructured(): parameter 'a.weight' is given twice");
        assertUnchanged(net.model, () -> pruner.globalUnstructured(List.of(),
                new L1Unstructured(Amount.count(1))), IllegalArgumentException.class,
                "global_unstructured(): parameters must name at least one parameter");
    }

    @Test
    void errorsCarryPyTorchsTextAndChangeNothing() {
        Models.Linear linear = new Models.Linear();
        Pruner pruner = new Pruner(linear.model, kernels);
        assertUnchanged(linear.model, () -> pruner.l1Unstructured("weight", Amount.count(7), null),
                IllegalArgumentException.class, "amount=7 should be smaller than the number of parameters to prune=6");
        assertUnchanged(linear.model, () -> pruner.lnStructured("bias", Amount.count(1), NormOrder.parse("2"), 0,
                null), IllegalArgumentException.class, "Structured pruning can only be applied to multidimensional "
                + "tensors. Found tensor of shape torch.Size([2]) with 1 dims");
        assertUnchanged(linear.model, () -> pruner.lnStructured("weight", Amount.count(1), NormOrder.parse("2"), 2,
                null), IndexOutOfBoundsException.class, "Invalid index 2 for tensor of size torch.Size([2, 3]) "
                + "(dim=2 is out of range: weight has 2 dims, so dim must be in [-2, 1])");
        assertUnchanged(linear.model, () -> pruner.remove("weight"), IllegalArgumentException.class,
                "Parameter 'weight' has to be pruned before pruning can be removed: it is not pruned");
        assertUnchanged(linear.model, () -> pruner.identity("conv9.weight"), IllegalArgumentException.class,
                "no parameter 'conv9.weight' in model Linear; parameters are: weight, bias");
        assertUnchanged(linear.model, () -> pruner.customFromMask("weight", new float[] {1, 0}),
                IllegalArgumentException.class, "mask has 2 values but weight has 6 (torch.Size([2, 3]))");
        assertUnchanged(linear.model, () -> pruner.customFromMask("weight", new float[] {1, 0, 0.5f, 1, 1, 1}),
                IllegalArgumentException.class, "mask values must be 0 or 1, found 0.5 at flat index 2");
        assertUnchanged(linear.model, () -> pruner.l1Unstructured("weight", Amount.count(1), new float[3]),
                IllegalArgumentException.class, "importance_scores should have the same shape as parameter");
        assertEquals(0, linear.weight.writes(), "no refused call wrote the app's field");
    }

    @Test
    void aFailedRePruneKeepsTheEarlierPrune() {
        Models.Linear linear = new Models.Linear();
        Pruner pruner = new Pruner(linear.model, kernels);
        pruner.l1Unstructured("weight", Amount.fraction(0.5), null);
        float[] installed = linear.weight.field();
        assertUnchanged(linear.model, () -> pruner.l1Unstructured("weight", Amount.count(4), null),
                IllegalArgumentException.class, "amount=4 should be smaller than the number of parameters to prune=3");
        assertSame(installed, linear.weight.field());
        assertEquals(1, linear.model.pruned("weight").methods().size());
        assertTrue(linear.model.isPruned());
    }

    @Test
    void restoreGivesBackTheVeryArrayAndRemoveIsForGood() {
        Models.Linear linear = new Models.Linear();
        float[] original = linear.weight.field();
        Pruner pruner = new Pruner(linear.model, kernels);
        pruner.randomUnstructured("weight", Amount.count(2), 7L);
        pruner.l1Unstructured("weight", Amount.count(1), null);

        assertEquals("weight: restored the original values", pruner.restore("weight"));
        assertSame(original, linear.weight.field());
        assertNull(linear.model.pruned("weight"));
        assertFalse(linear.model.isPruned());
        assertEquals("weight: not pruned, nothing to restore", pruner.restore("weight"));

        pruner.l1Unstructured("weight", Amount.count(2), null);
        float[] masked = linear.weight.field();
        assertEquals("weight: pruning made permanent -> 2 of 6 pruned (33.3%); weight_orig and weight_mask are "
                + "freed, so restore can no longer bring weight's original values back", pruner.remove("weight"));
        assertSame(masked, linear.weight.field(), "remove keeps the masked array in the app for good");
        assertEquals("weight: cannot restore: remove() made its pruning permanent and freed its original values; "
                + "2 of 6 entries are zero", pruner.restore("weight"));
        assertEquals("Linear: not pruned, nothing to restore; cannot bring back weight (remove() made its pruning "
                + "permanent and freed its original values; 2 of 6 entries are zero)", pruner.restore());
        assertSame(masked, linear.weight.field());
        assertEquals("Parameter 'weight' has to be pruned before pruning can be removed: remove() already made its "
                + "pruning permanent", assertThrows(IllegalArgumentException.class, () -> pruner.remove("weight"))
                .getMessage());

        pruner.l1Unstructured("weight", Amount.count(3), null);
        assertEquals("weight: restored the values remove() made permanent; the values before that prune cannot "
                + "come back", pruner.restore("weight"));
        assertSame(masked, linear.weight.field());
        assertEquals(2, new NamedTensors(linear.model, kernels).zeros(
                new NamedTensors(linear.model, kernels).tensor("weight")));
    }

    @Test
    void restoreOfTheModelBringsEveryParameterBackInOneGeneration() {
        Models.TwoLayers net = new Models.TwoLayers();
        float[] a = net.a.field();
        float[] b = net.b.field();
        Pruner pruner = new Pruner(net.model, kernels);
        pruner.l1Unstructured("a.weight", Amount.count(1), null);
        pruner.l1Unstructured("b.weight", Amount.count(1), null);

        net.model.enterForward();
        String summary;
        try {
            summary = pruner.restore();
            assertFalse(net.a.field() == a || net.b.field() == b, "nothing changes under a running forward");
        } finally {
            net.model.exitForward();
        }
        assertEquals("Net: restored 2 parameters: a.weight, b.weight", summary);
        assertSame(a, net.a.field());
        assertSame(b, net.b.field());
        assertEquals("Net: not pruned, nothing to restore", pruner.restore());
    }

    @Test
    void tensorLookupNamesWhatExists() {
        Models.Linear linear = new Models.Linear();
        new Pruner(linear.model, kernels).identity("weight");
        NamedTensors tensors = new NamedTensors(linear.model, kernels);
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> tensors.tensor("bias_orig"));
        assertEquals("no tensor 'bias_orig' in model Linear; tensors are: weight, weight_orig, weight_mask, bias",
                error.getMessage());
        assertEquals("no module 'fc9' in model Linear; modules are: \"\" (the root)",
                assertThrows(IllegalArgumentException.class, () -> tensors.parameters("fc9")).getMessage());
    }

    @Test
    void prunedChannelsAreTheSlicesTheMaskCutsEntirely() {
        Models.Linear linear = new Models.Linear();
        Pruner pruner = new Pruner(linear.model, kernels);
        NamedTensors tensors = new NamedTensors(linear.model, kernels);
        assertArrayEquals(new int[0], tensors.prunedChannels("weight", 0));
        pruner.lnStructured("weight", Amount.count(1), NormOrder.parse("1"), -1, null);
        // column L1 norms of H1's weight: 0.6, 4.5, 2.7 -> column 0 goes
        assertArrayEquals(new int[] {0}, tensors.prunedChannels("weight", 1));
        assertArrayEquals(new int[] {0}, tensors.prunedChannels("weight", -1));
        assertArrayEquals(new int[0], tensors.prunedChannels("weight", 0));
        assertEquals("Invalid index 2 for tensor of size torch.Size([2, 3]) (dim=2 is out of range: weight has 2 dims, "
                + "so dim must be in [-2, 1])",
                assertThrows(IndexOutOfBoundsException.class, () -> tensors.prunedChannels("weight", 2)).getMessage());
    }

    @Test
    void describePrintsWhatPyTorchPrints() {
        Models.Linear linear = new Models.Linear();
        new Pruner(linear.model, kernels).customFromMask("bias", new float[] {0, 1});
        assertEquals("[('weight', Parameter containing:\n"
                + "tensor([[ 0.5000, -1.5000,  2.0000],\n"
                + "        [-0.1000,  3.0000, -0.7000]], requires_grad=True)), ('bias_orig', Parameter containing:\n"
                + "tensor([ 0.3000, -0.2000], requires_grad=True))]\n"
                + "[('bias_mask', tensor([0., 1.]))]", new NamedTensors(linear.model, kernels).describe(""));
    }

    private static void assertUnchanged(Model model, Executable call, Class<? extends RuntimeException> type,
                                        String messageStart) {
        ModelState before = model.published();
        RuntimeException error = assertThrows(type, call::run);
        assertTrue(error.getMessage().startsWith(messageStart), error.getMessage());
        assertSame(before, model.published(), "a refused call publishes nothing");
        assertTrue(model.isUpToDate());
    }

    /** A call that may throw; local so that the assertion helper can take a lambda that returns a value. */
    @FunctionalInterface
    private interface Executable {
        void run();
    }

    private static List<String> names(List<NamedTensor> tensors) {
        return tensors.stream().map(NamedTensor::name).toList();
    }

    private static void assertBits(float[] expected, float[] actual) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(Float.floatToRawIntBits(expected[i]), Float.floatToRawIntBits(actual[i]), "at " + i);
        }
    }

    @Test
    void aTensorTheAdapterKnowsIsNoParameterIsRefusedWithItsReasonAndNothingChanges() {
        Models.Linear linear = new Models.Linear();
        Model model = withOtherNames(linear);
        Pruner pruner = new Pruner(model, kernels);
        ModelState before = model.published();

        assertEquals("onnx::Reshape_12 cannot be pruned: integer shapes or indices (int64)",
                assertThrows(IllegalArgumentException.class,
                        () -> pruner.l1Unstructured("onnx::Reshape_12", Amount.fraction(0.5), null)).getMessage());
        assertEquals("onnx::Reshape_12 cannot be pruned: integer shapes or indices (int64)",
                assertThrows(IllegalArgumentException.class, () -> pruner.remove("onnx::Reshape_12")).getMessage());
        assertSame(before, model.published(), "no generation was published");
        assertEquals("no parameter 'other' in model Linear; parameters are: weight, bias",
                assertThrows(IllegalArgumentException.class, () -> pruner.identity("other")).getMessage());
    }

    @Test
    void theFrameworksOtherNameForAParameterIsAcceptedByEveryOperation() {
        Models.Linear linear = new Models.Linear();
        Model model = withOtherNames(linear);
        Pruner pruner = new Pruner(model, kernels);
        NamedTensors tensors = new NamedTensors(model, kernels);

        assertEquals("weight: l1_unstructured amount=0.5 -> 3 of 6 pruned (50.0%)",
                pruner.l1Unstructured("onnx::MatMul_1", Amount.fraction(0.5), null));
        assertEquals("weight", tensors.tensor("onnx::MatMul_1").name());
        assertTrue(tensors.describe("").endsWith("\n# the framework's names: weight=onnx::MatMul_1"
                + "\n# not a parameter, cannot be pruned: onnx::Reshape_12: integer shapes or indices (int64)"),
                tensors.describe(""));
        assertEquals(Map.of("weight", "onnx::MatMul_1"), tensors.otherNames(""));
        assertEquals(Map.of("onnx::Reshape_12", "integer shapes or indices (int64)"), tensors.notParameters());
        assertArrayEquals(new int[] {}, tensors.prunedChannels("onnx::MatMul_1", 0));
        assertEquals("global_unstructured L1Unstructured(amount=4) over 2 parameters -> 7 of 8 pruned (87.5%) (3 "
                + "already pruned, 4 newly pruned): weight 5 of 6 pruned (83.3%) (3 already pruned, 2 newly pruned), "
                + "bias 2 of 2 pruned (100.0%)", pruner.globalUnstructured(List.of("onnx::MatMul_1", "bias"),
                new L1Unstructured(Amount.count(4))));
        assertEquals("weight: pruning made permanent -> 5 of 6 pruned (83.3%); weight_orig and weight_mask are freed, "
                + "so restore can no longer bring weight's original values back", pruner.remove("onnx::MatMul_1"));
        assertEquals("weight: cannot restore: remove() made its pruning permanent and freed its original values; 5 of 6 "
                + "entries are zero", pruner.restore("onnx::MatMul_1"));
        assertEquals("no parameter 'ghost' in model Linear; parameters are: weight, bias",
                assertThrows(IllegalArgumentException.class, () -> pruner.identity("ghost")).getMessage(),
                "an other name for a parameter the model lacks is not followed");
    }

    /**
     * The plain Linear as an adapter with other names for its tensors gives it: {@code onnx::MatMul_1} is the
     * weight's, {@code onnx::Reshape_12} is a tensor that is no parameter, {@code ghost} names a parameter it lacks.
     */
    private static Model withOtherNames(Models.Linear linear) {
        ParameterNames names = new ParameterNames() {
            @Override
            public String qualifiedName(String otherName) {
                return otherName.equals("onnx::MatMul_1") ? "weight" : otherName.equals("ghost") ? "nothing" : null;
            }

            @Override
            public String otherName(String qualifiedName) {
                return qualifiedName.equals("weight") ? "onnx::MatMul_1" : null;
            }

            @Override
            public String whyNotAParameter(String name) {
                return notParameters().get(name);
            }

            @Override
            public Map<String, String> notParameters() {
                return Map.of("onnx::Reshape_12", "integer shapes or indices (int64)");
            }
        };
        return new Model("Linear", linear.root, new DiscoveredModel(linear.tree, WeightInstaller.PER_REFERENCE,
                ActivationForm.FLOAT_ARRAYS, ModelCopier.NONE, names));
    }
}
