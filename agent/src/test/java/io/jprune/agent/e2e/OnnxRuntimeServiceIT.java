package io.jprune.agent.e2e;

import static io.jprune.agent.e2e.BitAssertions.assertTensorsBitsEqual;
import static io.jprune.agent.e2e.CnnMnistChecks.PARAMETERS;
import static io.jprune.agent.e2e.CnnMnistChecks.UNPRUNED_CORRECT;
import static io.jprune.agent.e2e.CnnMnistChecks.correctAfter;
import static io.jprune.agent.e2e.CnnMnistChecks.lnStructuredCutsTheFiveWeakestChannels;
import static io.jprune.agent.e2e.CnnMnistChecks.randomUnstructuredMasksThirtyPercent;
import static io.jprune.agent.e2e.CnnMnistChecks.theCommandLineSeesTheSame;
import static io.jprune.agent.e2e.BitAssertions.zeros;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
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
            theCommandLineSeesTheSame(app.pid(), cut, "coupled: conv1 out -> conv2 in [10 channels]");
            model.string("restore");
            assertTensorsBitsEqual(original, model.tensors(PARAMETERS));
            assertEquals(UNPRUNED_CORRECT, correctAfter(app, inference, System.currentTimeMillis()),
                    "after restore the app runs its own session again");

            CnnMnistChecks.followsTheL1CurveAndRestoresBitForBit(app, inference, model, original);
            aSweepRunsOnAPrivateSessionAndTheAppKeepsItsOwn(app, inference, model, original);
            assertTrue(app.isAlive());
        }
    }

    /**
     * {@code jprune sweep} on the session: each prune runs in a session jprune builds for itself on 64 of the app's
     * captured runs; conv1 at 0.9 agrees with the unpruned model less than at 0.5, and the app's weights and
     * answers never change.
     */
    private static void aSweepRunsOnAPrivateSessionAndTheAppKeepsItsOwn(DemoApp app, JmxConsole inference,
                                                                       JmxConsole model, Map<String, float[]> original)
            throws Exception {
        Path out = Files.createTempDirectory("onnx-sweep");
        String table = CnnMnistChecks.cli("sweep", Long.toString(app.pid()), "--params", "conv1.weight,fc1.weight",
                "--amounts", "0.5,0.9", "--inputs", "64", "--cpu", "1", "--out", out.toString());
        assertTrue(table.contains("on 64 captured inputs (classifier outputs)"), table);
        Map<String, Double> agreement = new java.util.LinkedHashMap<>();
        List<String> rows = Files.readAllLines(out.resolve("cnn_mnist-sweep.csv"));
        for (String row : rows.subList(1, rows.size())) {
            String[] cells = row.split(",");
            agreement.put(cells[0] + " " + cells[1], Double.parseDouble(cells[4]));
        }
        assertEquals(List.of("conv1.weight 0.5", "conv1.weight 0.9", "fc1.weight 0.5", "fc1.weight 0.9"),
                List.copyOf(agreement.keySet()), table);
        assertTrue(agreement.get("conv1.weight 0.9") < agreement.get("conv1.weight 0.5"), table);
        assertTrue(agreement.get("fc1.weight 0.5") > 0.9, table);
        assertTensorsBitsEqual(original, model.tensors(PARAMETERS));
        assertEquals(UNPRUNED_CORRECT, correctAfter(app, inference, System.currentTimeMillis()),
                "the app kept its own session through the sweep");
    }

    private static void listsTheSessionAsPyTorchWould(JmxConsole model) throws Exception {
        assertEquals(List.of("", "conv1", "conv2", "fc1", "fc2"), model.names("namedModules"));
        CompositeData[] modules = model.rows("namedModules");
        assertEquals(List.of("cnn_mnist", "Conv2d", "Conv2d", "Linear", "Linear"),
                Arrays.stream(modules).map(row -> row.get("type")).toList());
        assertEquals("Conv2d(1, 10, kernel_size=(5, 5))", modules[1].get("repr"));
        assertEquals("Linear(in_features=320, out_features=50, bias=True)", modules[3].get("repr"));
        CnnMnistChecks.listsTheParameters(model);
    }


    static boolean registered(MBeanServerConnection connection, ObjectName name) {
        try {
            return connection.isRegistered(name);
        } catch (IOException e) {
            return false;
        }
    }



}
