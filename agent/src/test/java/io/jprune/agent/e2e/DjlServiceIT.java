package io.jprune.agent.e2e;

import static io.jprune.agent.e2e.BitAssertions.assertBitsEqual;
import static io.jprune.agent.e2e.BitAssertions.assertTensorsBitsEqual;
import static io.jprune.agent.e2e.BitAssertions.zeros;
import static io.jprune.agent.e2e.CnnMnistChecks.PARAMETERS;
import static io.jprune.agent.e2e.CnnMnistChecks.UNPRUNED_CORRECT;
import static io.jprune.agent.e2e.CnnMnistChecks.correctAfter;
import static io.jprune.agent.e2e.CnnMnistChecks.lnStructuredCutsTheFiveWeakestChannels;
import static io.jprune.agent.e2e.CnnMnistChecks.randomUnstructuredMasksThirtyPercent;
import static io.jprune.agent.e2e.CnnMnistChecks.theCommandLineSeesTheSame;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
 * The real {@code jprune.jar} on the demo's DJL service (Tribuo's {@code cnn_mnist} as a DJL block on the PyTorch
 * engine), on the oldest and the newest DJL jprune supports: the block tree is listed with PyTorch's names and
 * shapes, pruned over JMX and the command line with PyTorch's semantics, the service's own accuracy follows the
 * pruned weights (a curve measured on the 2,000 held-out digits and pinned here: the very counts of the ONNX Runtime
 * service, since both run the same weights), and {@code restore} gives the layers the app's own arrays again.
 */
class DjlServiceIT {
    static final Duration STARTUP = Duration.ofSeconds(90);
    static final String STRUCTURE_REFUSAL = "the DJL adapter does not capture a block's inputs: structure and "
            + "compaction of DJL models are not supported yet";

    /** Each DJL version's api, pytorch-engine and pytorch-jni jars. */
    static Stream<List<Path>> djlVersions() {
        return Arrays.stream(System.getProperty("djl.jars").split(";"))
                .map(jars -> Arrays.stream(jars.split(",")).map(Path::of).toList());
    }

    /** The demo's DJL service on the DJL of {@code jars}, sharing the user's DJL cache, offline. */
    static DemoApp.Launch launchOn(List<Path> jars) {
        return DemoApp.Launch.demo().environment("DJL_CACHE_DIR", System.getProperty("djl.cache.dir"))
                .demoOn(jars.toArray(Path[]::new));
    }

    /** Starts the service launched by {@code launch} as the tests run it: two inference threads, quiet. */
    static DemoApp start(DemoApp.Launch launch) throws Exception {
        return launch.start("--model", "djl", "--threads", "2", "--report-ms", "60000");
    }

    @ParameterizedTest(name = "on {0}")
    @MethodSource("djlVersions")
    void theDjlServiceIsPrunedLikePyTorchOverJmxAndTheCommandLineAndRestoredBitForBit(List<Path> jars)
            throws Exception {
        String version = jars.get(0).getFileName().toString().replaceAll("api-(.*)\\.jar", "$1");
        try (DemoApp app = start(launchOn(jars))) {
            MBeanServerConnection connection = app.connect();
            JmxConsole model = new JmxConsole(connection, awaitModel(app, connection));
            JmxConsole inference = new JmxConsole(connection, new ObjectName("demo:type=Inference"));
            assertTrue(app.output().contains("(DJL " + version + ")"), app.output());
            assertEquals(UNPRUNED_CORRECT, correctAfter(app, inference, System.currentTimeMillis()));

            listsTheBlocksAsPyTorchWould(model);
            Map<String, float[]> original = model.tensors(PARAMETERS);
            assertEquals(0, zeros(original.get("conv1.weight")), "the trained conv1.weight has no exact zeros");

            randomUnstructuredMasksThirtyPercent(model, original);
            assertNotEquals(UNPRUNED_CORRECT, correctAfter(app, inference, System.currentTimeMillis()),
                    "the app's forwards must read the pruned conv1");
            assertTrue(model.string("restore").startsWith("CnnMnistBlock: restored 1 parameter: conv1.weight"));
            assertTensorsBitsEqual(original, model.tensors(PARAMETERS));

            int[] cut = lnStructuredCutsTheFiveWeakestChannels(model, original);
            assertNotEquals(UNPRUNED_CORRECT, correctAfter(app, inference, System.currentTimeMillis()),
                    "cutting conv1 channels " + Arrays.toString(cut) + " must change the app's accuracy");
            theCommandLineSeesTheSame(app.pid(), cut, STRUCTURE_REFUSAL);
            model.string("restore");
            assertTensorsBitsEqual(original, model.tensors(PARAMETERS));
            assertEquals(UNPRUNED_CORRECT, correctAfter(app, inference, System.currentTimeMillis()),
                    "after restore the layers read the app's own arrays again");

            CnnMnistChecks.followsTheL1CurveAndRestoresBitForBit(app, inference, model, original);
            removeMakesThePruningPermanent(app, inference, model);
            assertTrue(app.isAlive());
        }
    }

    /**
     * prune.remove on fc1: the layers keep reading the masked weight, now the parameter itself, a prune on top
     * starts from it, and restore can no longer bring fc1.weight back (as in PyTorch).
     */
    private static void removeMakesThePruningPermanent(DemoApp app, JmxConsole inference, JmxConsole model)
            throws Exception {
        model.string("l1Unstructured", "fc1.weight", "0.9");
        float[] masked = model.tensor("fc1.weight");
        int correct = correctAfter(app, inference, System.currentTimeMillis());
        assertNotEquals(UNPRUNED_CORRECT, correct);
        assertTrue(model.string("remove", "fc1.weight").startsWith("fc1.weight: pruning made permanent -> 14400 of "
                + "16000 pruned (90.0%)"));
        assertEquals(List.of("bias", "weight"), model.names("namedParameters", "fc1"),
                "registered again last, as in PyTorch");
        assertBitsEqual(masked, model.tensor("fc1.weight"), "fc1.weight after remove");
        assertEquals(correct, correctAfter(app, inference, System.currentTimeMillis()),
                "the layers read the same weights after remove");
        model.string("lnStructured", "fc1.weight", "0.5", "2", 0);
        assertBitsEqual(masked, model.tensor("fc1.weight_orig"), "the next prune starts from the removed weight");
        model.string("restore");
        assertBitsEqual(masked, model.tensor("fc1.weight"), "restore cannot undo remove");
        assertEquals(correct, correctAfter(app, inference, System.currentTimeMillis()));
    }

    /** Waits for the service's model MBean, and returns its name. */
    static ObjectName awaitModel(DemoApp app, MBeanServerConnection connection) throws Exception {
        ObjectName name = new ObjectName("io.jprune:type=Model,name=CnnMnistBlock");
        app.await("the CnnMnistBlock model MBean", STARTUP, () -> {
            try {
                return connection.isRegistered(name);
            } catch (java.io.IOException e) {
                return false;
            }
        });
        return name;
    }

    private static void listsTheBlocksAsPyTorchWould(JmxConsole model) throws Exception {
        assertEquals(List.of("", "conv1", "conv2", "fc1", "fc2"), model.names("namedModules"));
        CompositeData[] modules = model.rows("namedModules");
        assertEquals(List.of("CnnMnistBlock", "Conv2d", "Conv2d", "Linear", "Linear"),
                Arrays.stream(modules).map(row -> row.get("type")).toList());
        assertEquals("Conv2d(1, 10, kernel_size=(5, 5), stride=(1, 1))", modules[1].get("repr"));
        assertEquals("Linear(in_features=320, out_features=50, bias=True)", modules[3].get("repr"));
        CnnMnistChecks.listsTheParameters(model);
    }

}
