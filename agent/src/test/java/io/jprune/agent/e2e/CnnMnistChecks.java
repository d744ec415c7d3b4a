package io.jprune.agent.e2e;

import static io.jprune.agent.e2e.BitAssertions.assertBitsEqual;
import static io.jprune.agent.e2e.BitAssertions.assertMaskedProduct;
import static io.jprune.agent.e2e.BitAssertions.assertTensorsBitsEqual;
import static io.jprune.agent.e2e.BitAssertions.zeros;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import javax.management.openmbean.CompositeData;

/**
 * What every service running Tribuo's {@code cnn_mnist} (ONNX Runtime's session, DJL's block) must show whatever
 * its framework: the same parameters and shapes, the seed's prunes with PyTorch's exact results, the same
 * command-line listings, and the same accuracy curve, since the weights and the held-out digits are the same.
 */
final class CnnMnistChecks {
    static final List<String> PARAMETERS = List.of("conv1.weight", "conv1.bias", "conv2.weight", "conv2.bias",
            "fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias");
    static final List<String> WEIGHTS = List.of("conv1.weight", "conv2.weight", "fc1.weight", "fc2.weight");
    /** Correct digits of 2,000 with l1_unstructured at each amount on each of the four weights, as measured. */
    static final Map<String, Integer> L1_CURVE = Map.of("0.5", 1968, "0.7", 1931, "0.8", 1501, "0.9", 355);
    static final int UNPRUNED_CORRECT = 1978;
    private static final Duration PASS = Duration.ofSeconds(60);

    private CnnMnistChecks() {
    }

    /** named_parameters() of the whole model: PyTorch's names and shapes, nothing pruned yet. */
    static void listsTheParameters(JmxConsole model) throws Exception {
        assertEquals(PARAMETERS, model.names("namedParameters", ""));
        CompositeData[] parameters = model.rows("namedParameters", "");
        List<int[]> shapes = List.of(new int[] {10, 1, 5, 5}, new int[] {10}, new int[] {20, 10, 5, 5},
                new int[] {20}, new int[] {50, 320}, new int[] {50}, new int[] {10, 50}, new int[] {10});
        for (int i = 0; i < shapes.size(); i++) {
            assertArrayEquals(shapes.get(i), (int[]) parameters[i].get("shape"), PARAMETERS.get(i));
        }
        assertEquals(Boolean.FALSE, model.attribute("Pruned"));
    }

    /** The seed's first prune: random_unstructured 0.3 (seed 42) on conv1.weight, with weight_orig the app's own. */
    static void randomUnstructuredMasksThirtyPercent(JmxConsole model, Map<String, float[]> original)
            throws Exception {
        assertEquals("conv1.weight: random_unstructured amount=0.3 -> 75 of 250 pruned (30.0%)",
                model.string("randomUnstructured", "conv1.weight", "0.3", 42L));
        float[] weight = model.tensor("conv1.weight");
        float[] orig = model.tensor("conv1.weight_orig");
        float[] mask = model.tensor("conv1.weight_mask");
        assertBitsEqual(original.get("conv1.weight"), orig, "conv1.weight_orig is the model's own weight");
        assertEquals(75, zeros(mask));
        assertMaskedProduct(orig, mask, weight, "conv1.weight");
        assertEquals(List.of("bias", "weight_orig"), model.names("namedParameters", "conv1"));
        assertEquals(List.of("weight_mask"), model.names("namedBuffers", "conv1"));
    }

    /** ln_structured 0.5 n=2 dim=0 on conv1.weight cuts exactly its five weakest output channels; returns them. */
    static int[] lnStructuredCutsTheFiveWeakestChannels(JmxConsole model, Map<String, float[]> original)
            throws Exception {
        int[] cut = ChannelCuts.weakestByL2(original.get("conv1.weight"), 10, 5);
        assertEquals("conv1.weight: ln_structured amount=0.5 n=2 dim=0 -> 125 of 250 pruned (50.0%)",
                model.string("lnStructured", "conv1.weight", "0.5", "2", 0));
        ChannelCuts.assertOnlyCut(original.get("conv1.weight"), model.tensor("conv1.weight"), 10, cut);
        assertArrayEquals(cut, (int[]) model.invoke("prunedChannels", "conv1.weight", 0));
        return cut;
    }

    /**
     * The command line lists conv1 pruned by {@link #lnStructuredCutsTheFiveWeakestChannels} and its channels, and
     * answers {@code structure} with a text containing {@code structureSays} (the report, or the adapter's refusal).
     */
    static void theCommandLineSeesTheSame(long pid, int[] cut, String structureSays) throws Exception {
        String parameters = cli("parameters", Long.toString(pid), "conv1");
        assertTrue(parameters.lines().anyMatch(line -> line.matches("weight_orig\\s+\\[10, 1, 5, 5]\\s+250.*")),
                parameters);
        String buffers = cli("buffers", Long.toString(pid), "conv1");
        assertTrue(buffers.lines().anyMatch(line -> line.matches("weight_mask\\s+\\[10, 1, 5, 5]\\s+250\\s+125\\s+50\\.0%")),
                buffers);
        String list = Arrays.stream(cut).mapToObj(Integer::toString).reduce((a, b) -> a + ", " + b).orElseThrow();
        assertEquals("conv1.weight: 5 of 10 slices along dim 0 pruned: " + list,
                cli("channels", Long.toString(pid), "conv1.weight", "--dim", "0").strip());
        String structure = cli("structure", Long.toString(pid));
        assertTrue(structure.contains(structureSays), structure);
    }

    /**
     * l1_unstructured on each of the four weights at 0.5, 0.7, 0.8 and 0.9 gives the pinned curve of correct digits,
     * each restored bit for bit, and the app's own inference never failed.
     */
    static void followsTheL1CurveAndRestoresBitForBit(DemoApp app, JmxConsole inference, JmxConsole model,
                                                     Map<String, float[]> original) throws Exception {
        for (String amount : List.of("0.5", "0.7", "0.8", "0.9")) {
            for (String weight : WEIGHTS) {
                model.string("l1Unstructured", weight, amount);
            }
            assertEquals(L1_CURVE.get(amount), correctAfter(app, inference, System.currentTimeMillis()),
                    "l1_unstructured " + amount + " on each weight");
            model.string("restore");
        }
        assertTensorsBitsEqual(original, model.tensors(PARAMETERS));
        assertEquals(UNPRUNED_CORRECT, correctAfter(app, inference, System.currentTimeMillis()));
        assertEquals(0L, inference.attribute("Errors"));
    }

    /** The correct digits of a whole pass of the service that started after {@code afterMillis}. */
    static int correctAfter(DemoApp app, JmxConsole inference, long afterMillis) throws Exception {
        return (int) app.ofAPassStartedAfter(inference, "Correct", afterMillis, PASS);
    }

    static String cli(String... args) throws Exception {
        JpruneCli.Result result = JpruneCli.run(args);
        assertEquals(0, result.status(), String.join(" ", args) + ": " + result);
        return result.out();
    }
}
