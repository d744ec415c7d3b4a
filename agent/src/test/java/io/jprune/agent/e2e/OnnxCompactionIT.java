package io.jprune.agent.e2e;

import static io.jprune.agent.e2e.BitAssertions.assertTensorsBitsEqual;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The real {@code jprune.jar} compacts the demo's ONNX Runtime service ({@code cnn_mnist.onnx}) from its graph after
 * {@code ln_structured(amount=0.5, n=2, dim=0)} on conv1, conv2 and fc1: the structure names the groups (through the
 * Reshape in blocks of 16), compaction leaves conv1 5 output channels, conv2 5 in and 10 out, fc1 160 in and 25 out,
 * fc2 25 in, the service counts the same correct digits compacted as masked, and restore brings back the app's own
 * session bit for bit.
 */
class OnnxCompactionIT {
    private static final Duration STARTUP = Duration.ofSeconds(60);
    private static final Duration PASS = Duration.ofSeconds(60);
    private static final List<String> PARAMETERS = List.of("conv1.weight", "conv1.bias", "conv2.weight",
            "conv2.bias", "fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias");
    private static final int UNPRUNED_CORRECT = 1978;
    /** Correct digits of 2,000 after ln_structured(0.5, n=2, dim=0) on conv1, conv2 and fc1, as measured. */
    private static final int MASKED_CORRECT = 1069;

    static Stream<Path> onnxRuntimes() {
        return OnnxRuntimeServiceIT.onnxRuntimes();
    }

    @ParameterizedTest(name = "on {0}")
    @MethodSource("onnxRuntimes")
    void theOnnxServiceIsCompactedFromItsGraphCountsTheSameDigitsAndRestoresBitForBit(Path onnxRuntime)
            throws Exception {
        try (DemoApp app = DemoApp.Launch.demo().demoOn(onnxRuntime).start("--model",
                "onnx=" + System.getProperty("cnn.mnist.onnx"), "--threads", "2", "--report-ms", "60000")) {
            MBeanServerConnection connection = app.connect();
            ObjectName modelName = new ObjectName("io.jprune:type=Model,name=cnn_mnist");
            app.await("the cnn_mnist model MBean", STARTUP, () -> registered(connection, modelName));
            JmxConsole model = new JmxConsole(connection, modelName);
            JmxConsole inference = new JmxConsole(connection, new ObjectName("demo:type=Inference"));
            assertEquals(UNPRUNED_CORRECT, correctAfter(app, inference, System.currentTimeMillis()));
            Map<String, float[]> original = model.tensors(PARAMETERS);

            for (String weight : List.of("conv1.weight", "conv2.weight", "fc1.weight")) {
                model.string("lnStructured", weight, "0.5", "2", 0);
            }
            int masked = correctAfter(app, inference, System.currentTimeMillis());
            assertEquals(MASKED_CORRECT, masked, "ln_structured 0.5 on conv1, conv2 and fc1, as measured");
            String structure = model.string("structureText");
            for (String group : List.of("coupled: conv1 out -> conv2 in [10 channels]",
                    "coupled: conv2 out -> fc1 in (blocks of 16) [20 channels]",
                    "coupled: fc1 out -> fc2 in [50 channels]")) {
                assertTrue(structure.contains(group), structure);
            }

            String summary = model.string("compact");
            assertTrue(summary.startsWith("cnn_mnist: compacted conv1 [10, 1, 5, 5] -> [5, 1, 5, 5], conv2 [20, 10, 5, 5]"
                    + " -> [10, 5, 5, 5], fc1 [50, 320] -> [25, 160], fc2 [10, 50] -> [10, 25]; MACs per forward "
                    + "480,500 -> 156,250"), summary);
            CompositeData[] parameters = model.rows("namedParameters", "");
            Map<String, int[]> shapes = Map.of("conv1.weight", new int[] {5, 1, 5, 5}, "conv1.bias", new int[] {5},
                    "conv2.weight", new int[] {10, 5, 5, 5}, "fc1.weight", new int[] {25, 160},
                    "fc2.weight", new int[] {10, 25});
            for (CompositeData row : parameters) {
                int[] expected = shapes.get((String) row.get("name"));
                if (expected != null) {
                    assertArrayEquals(expected, (int[]) row.get("shape"), (String) row.get("name"));
                }
            }
            assertEquals(masked, correctAfter(app, inference, System.currentTimeMillis()),
                    "the compacted session counts the digits the masked one did");
            theCompactedModelIsExportedAsAnOnnxFile(app.pid());
            String compacted = model.string("structureText");
            assertTrue(compacted.lines().anyMatch(line -> line.matches("conv1\\s+\\[5, 1, 5, 5]\\s+\\[5, 1, 5, 5].*")),
                    compacted);
            assertEquals("cnn_mnist: nothing to compact: no channel is entirely pruned", model.string("compact"));

            assertTrue(model.string("restore").startsWith("cnn_mnist: restored"));
            assertTensorsBitsEqual(original, model.tensors(PARAMETERS));
            assertEquals(UNPRUNED_CORRECT, correctAfter(app, inference, System.currentTimeMillis()),
                    "after restore the app runs its own session again");
            assertEquals(0L, inference.attribute("Errors"));
            System.out.printf("cnn_mnist on %s: %d correct masked and compacted, %s%n", onnxRuntime.getFileName(),
                    masked, Arrays.toString(summary.split(";")));
        }
    }

    private static void theCompactedModelIsExportedAsAnOnnxFile(long pid) throws Exception {
        Path work = Files.createDirectories(Path.of(System.getProperty("it.work", "target/it")));
        Path file = work.resolve("cnn_mnist-compacted-" + pid + ".onnx");
        String written = CnnMnistChecks.cli("export", Long.toString(pid), file.toString());
        assertTrue(written.startsWith("cnn_mnist: wrote the compacted model (ONNX, "), written);
        byte[] bytes = Files.readAllBytes(file);
        Map<String, List<Long>> dims = new java.util.HashMap<>();
        for (OnnxMl.TensorProto tensor : OnnxMl.ModelProto.parseFrom(bytes).getGraph().getInitializerList()) {
            dims.put(tensor.getName(), tensor.getDimsList());
        }
        assertEquals(List.of(5L, 1L, 5L, 5L), dims.get("conv1.weight"));
        assertEquals(List.of(25L, 160L), dims.get("fc1.weight"));
        assertEquals(List.of(10L, 25L), dims.get("fc2.weight"));
        try (OrtSession session = OrtEnvironment.getEnvironment().createSession(bytes, new OrtSession.SessionOptions())) {
            assertEquals(Set.of("input_image"), session.getInputNames());
        }
        Files.delete(file);
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
