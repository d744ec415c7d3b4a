package io.jprune.agent.e2e;

import static io.jprune.agent.e2e.BitAssertions.assertBitsEqual;
import static io.jprune.agent.e2e.BitAssertions.assertMaskedProduct;
import static io.jprune.agent.e2e.BitAssertions.assertTensorsBitsEqual;
import static io.jprune.agent.e2e.BitAssertions.zeros;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The real {@code jprune.jar} on the demo's ONNX Runtime service ({@code cnn_mnist.onnx}, a PyTorch-exported CNN
 * from Tribuo's tests), on the oldest and the newest ONNX Runtime jprune supports: the session is listed with
 * PyTorch's names and shapes, pruned over JMX and the command line with PyTorch's semantics, the service's own
 * accuracy follows the pruned weights (a curve measured on the 2,000 held-out digits and pinned here), and
 * {@code restore} brings back the app's own session, bit for bit.
 */
class OnnxRuntimeServiceIT {
    private static final Duration STARTUP = Duration.ofSeconds(60);
    private static final Duration PASS = Duration.ofSeconds(60);
    private static final List<String> PARAMETERS = List.of("conv1.weight", "conv1.bias", "conv2.weight",
            "conv2.bias", "fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias");
    private static final List<String> WEIGHTS = List.of("conv1.weight", "conv2.weight", "fc1.weight", "fc2.weight");
    /** Correct digits of 2,000 with l1_unstructured at each amount on each of the four weights, as measured. */
    private static final Map<String, Integer> L1_CURVE = Map.of("0.5", 1968, "0.7", 1931, "0.8", 1501, "0.9", 355);
    private static final int UNPRUNED_CORRECT = 1978;

    static Stream<Path> onnxRuntimes() {
        return Arrays.stream(System.getProperty("ort.jars").split(",")).map(Path::of);
    }

    @ParameterizedTest(name = "on {0}")
    @MethodSource("onnxRuntimes")
    void theOnnxServiceIsPrunedLikePyTorchOverJmxAndTheCommandLineAndRestoredBitForBit(Path onnxRuntime)
            throws Exception {
        String version = onnxRuntime.getFileName().toString().replaceAll("onnxruntime-(.*)\\.jar", "$1");
        try (DemoApp app = DemoApp.Launch.demo().demoOn(onnxRuntime).start("--model",
                "onnx=" + System.getProperty("cnn.mnist.onnx"), "--threads", "2", "--report-ms", "60000")) {
            MBeanServerConnection connection = app.connect();
            ObjectName modelName = new ObjectName("io.jprune:type=Model,name=cnn_mnist");
            ObjectName inferenceName = new ObjectName("demo:type=Inference");
            app.await("the cnn_mnist model MBean", STARTUP, () -> registered(connection, modelName));
            assertTrue(app.output().contains("on ONNX Runtime " + version), app.output());
            JmxConsole model = new JmxConsole(connection, modelName);
            JmxConsole inference = new JmxConsole(connection, inferenceName);
            assertEquals(UNPRUNED_CORRECT, correctAfter(app, inference, System.currentTimeMillis()));

            listsTheSessionAsPyTorchWould(model);
            Map<String, float[]> original = model.tensors(PARAMETERS);
            assertEquals(0, zeros(original.get("conv1.weight")), "the trained conv1.weight has no exact zeros");

            randomUnstructuredMasksThirtyPercent(model, original);
            assertNotEquals(UNPRUNED_CORRECT, correctAfter(app, inference, System.currentTimeMillis()),
                    "the app's runs must use the pruned conv1");
            assertTrue(model.string("restore").startsWith("cnn_mnist: restored 1 parameter: conv1.weight"));
            assertTensorsBitsEqual(original, model.tensors(PARAMETERS));

            int[] cut = lnStructuredCutsTheFiveWeakestChannels(model, original);
            assertNotEquals(UNPRUNED_CORRECT, correctAfter(app, inference, System.currentTimeMillis()),
                    "cutting conv1 channels " + Arrays.toString(cut) + " must change the app's accuracy");
            theCommandLineSeesTheSame(app.pid(), cut);
            model.string("restore");
            assertTensorsBitsEqual(original, model.tensors(PARAMETERS));
            assertEquals(UNPRUNED_CORRECT, correctAfter(app, inference, System.currentTimeMillis()),
                    "after restore the app runs its own session again");

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
            assertTrue(app.isAlive());
        }
    }

    private static void listsTheSessionAsPyTorchWould(JmxConsole model) throws Exception {
        assertEquals(List.of("", "conv1", "conv2", "fc1", "fc2"), model.names("namedModules"));
        CompositeData[] modules = model.rows("namedModules");
        assertEquals(List.of("cnn_mnist", "Conv2d", "Conv2d", "Linear", "Linear"),
                Arrays.stream(modules).map(row -> row.get("type")).toList());
        assertEquals("Conv2d(1, 10, kernel_size=(5, 5))", modules[1].get("repr"));
        assertEquals("Linear(in_features=320, out_features=50, bias=True)", modules[3].get("repr"));
        assertEquals(PARAMETERS, model.names("namedParameters", ""));
        CompositeData[] parameters = model.rows("namedParameters", "");
        List<int[]> shapes = List.of(new int[] {10, 1, 5, 5}, new int[] {10}, new int[] {20, 10, 5, 5},
                new int[] {20}, new int[] {50, 320}, new int[] {50}, new int[] {10, 50}, new int[] {10});
        for (int i = 0; i < shapes.size(); i++) {
            assertArrayEquals(shapes.get(i), (int[]) parameters[i].get("shape"), PARAMETERS.get(i));
        }
        assertEquals(Boolean.FALSE, model.attribute("Pruned"));
    }

    private static void randomUnstructuredMasksThirtyPercent(JmxConsole model, Map<String, float[]> original)
            throws Exception {
        assertEquals("conv1.weight: random_unstructured amount=0.3 -> 75 of 250 pruned (30.0%)",
                model.string("randomUnstructured", "conv1.weight", "0.3", 42L));
        float[] weight = model.tensor("conv1.weight");
        float[] orig = model.tensor("conv1.weight_orig");
        float[] mask = model.tensor("conv1.weight_mask");
        assertBitsEqual(original.get("conv1.weight"), orig, "conv1.weight_orig is the model's own initializer");
        assertEquals(75, zeros(mask));
        assertMaskedProduct(orig, mask, weight, "conv1.weight");
        assertEquals(List.of("bias", "weight_orig"), model.names("namedParameters", "conv1"));
        assertEquals(List.of("weight_mask"), model.names("namedBuffers", "conv1"));
    }

    private static int[] lnStructuredCutsTheFiveWeakestChannels(JmxConsole model, Map<String, float[]> original)
            throws Exception {
        int[] cut = ChannelCuts.weakestByL2(original.get("conv1.weight"), 10, 5);
        assertEquals("conv1.weight: ln_structured amount=0.5 n=2 dim=0 -> 125 of 250 pruned (50.0%)",
                model.string("lnStructured", "conv1.weight", "0.5", "2", 0));
        ChannelCuts.assertOnlyCut(original.get("conv1.weight"), model.tensor("conv1.weight"), 10, cut);
        assertArrayEquals(cut, (int[]) model.invoke("prunedChannels", "conv1.weight", 0));
        return cut;
    }

    private static void theCommandLineSeesTheSame(long pid, int[] cut) throws Exception {
        String parameters = jprune("parameters", Long.toString(pid), "conv1");
        assertTrue(parameters.lines().anyMatch(line -> line.matches("weight_orig\\s+\\[10, 1, 5, 5]\\s+250.*")),
                parameters);
        String buffers = jprune("buffers", Long.toString(pid), "conv1");
        assertTrue(buffers.lines().anyMatch(line -> line.matches("weight_mask\\s+\\[10, 1, 5, 5]\\s+250\\s+125\\s+50\\.0%")),
                buffers);
        String channels = jprune("channels", Long.toString(pid), "conv1.weight", "--dim", "0");
        String list = Arrays.stream(cut).mapToObj(Integer::toString).reduce((a, b) -> a + ", " + b).orElseThrow();
        assertEquals("conv1.weight: 5 of 10 slices along dim 0 pruned: " + list, channels.strip());
        String structure = jprune("structure", Long.toString(pid));
        assertTrue(structure.contains("coupled: conv1 out -> conv2 in [10 channels]"), structure);
        assertTrue(structure.lines().anyMatch(line -> line.matches("conv1\\s+\\[10, 1, 5, 5]\\s+\\[5, 1, 5, 5].*")),
                structure);
    }

    static String jprune(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(ChildJava.current().executable().toString(), "-jar",
                Path.of(System.getProperty("jprune.jar")).toAbsolutePath().toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue(), String.join(" ", args) + ":\n" + out);
        return out;
    }

    private static int correctAfter(DemoApp app, JmxConsole inference, long afterMillis) throws Exception {
        return (int) app.ofAPassStartedAfter(inference, "Correct", afterMillis, PASS);
    }

    private static boolean registered(MBeanServerConnection connection, ObjectName name) {
        try {
            return connection.isRegistered(name);
        } catch (IOException e) {
            return false;
        }
    }



}
