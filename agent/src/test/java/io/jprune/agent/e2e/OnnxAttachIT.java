package io.jprune.agent.e2e;

import static io.jprune.agent.e2e.BitAssertions.assertTensorsBitsEqual;
import static io.jprune.agent.e2e.CnnMnistChecks.L1_CURVE;
import static io.jprune.agent.e2e.CnnMnistChecks.PARAMETERS;
import static io.jprune.agent.e2e.CnnMnistChecks.UNPRUNED_CORRECT;
import static io.jprune.agent.e2e.CnnMnistChecks.WEIGHTS;
import static io.jprune.agent.e2e.CnnMnistChecks.correctAfter;
import static io.jprune.agent.e2e.OnnxRuntimeServiceIT.registered;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;

import org.junit.jupiter.api.Test;

/**
 * {@code jprune attach} into the demo's ONNX Runtime service started without the agent, whose session (created
 * from {@code cnn_mnist.onnx} read from demo-app.jar as bytes) existed before jprune: at its next run the session is
 * matched to the model in the jar on the app's class path, and is then pruned and restored like one jprune saw
 * created; the service's own accuracy follows (the curve {@code OnnxRuntimeServiceIT} pins), and comes back exactly.
 */
class OnnxAttachIT {
    private static final Duration STARTUP = Duration.ofSeconds(60);

    @Test
    void aSessionCreatedBeforeAttachIsFoundOnTheClassPathPrunedAndRestored() throws Exception {
        String[] runtimes = System.getProperty("ort.jars").split(",");
        Path onnxRuntime = Path.of(runtimes[runtimes.length - 1]);
        try (DemoApp app = DemoApp.Launch.demo().demoOn(onnxRuntime).withoutAgent()
                .start("--model", "onnx", "--threads", "1", "--report-ms", "60000")) {
            MBeanServerConnection connection = app.connect();
            ObjectName inferenceName = new ObjectName("demo:type=Inference");
            app.await("the demo's Inference MBean", STARTUP, () -> registered(connection, inferenceName));
            JmxConsole inference = new JmxConsole(connection, inferenceName);
            assertEquals(UNPRUNED_CORRECT, correctAfter(app, inference, System.currentTimeMillis()));
            assertFalse(connection.isRegistered(new ObjectName("io.jprune:type=Agent")), "no jprune before attach");

            JpruneCli.Result attach = JpruneCli.run("attach", Long.toString(app.pid()));
            assertEquals(0, attach.status(), attach.toString());
            ObjectName modelName = new ObjectName("io.jprune:type=Model,name=cnn_mnist");
            app.await("the session created before attach, found at its next run", STARTUP,
                    () -> registered(connection, modelName));
            assertTrue(app.output().contains("an ONNX Runtime session created before jprune was loaded runs the "
                    + "model in "), app.output());
            assertTrue(app.output().contains("demo-app.jar!/org/tribuo/interop/onnx/cnn_mnist.onnx"), app.output());
            assertTrue(app.output().contains("use ONNX Runtime's default options"), app.output());

            JmxConsole model = new JmxConsole(connection, modelName);
            assertEquals(PARAMETERS, model.names("namedParameters", ""));
            Map<String, float[]> original = model.tensors(PARAMETERS);
            for (String weight : WEIGHTS) {
                model.string("l1Unstructured", weight, "0.5");
            }
            assertEquals(L1_CURVE.get("0.5"), correctAfter(app, inference, System.currentTimeMillis()),
                    "the app's runs use the pruned weights");
            assertTrue(model.string("restore").startsWith("cnn_mnist: restored 4 parameters"));
            assertTensorsBitsEqual(original, model.tensors(PARAMETERS));
            assertEquals(UNPRUNED_CORRECT, correctAfter(app, inference, System.currentTimeMillis()),
                    "after restore the app runs its own session again");
            assertEquals(0L, inference.attribute("Errors"));
            assertTrue(app.isAlive());
        }
    }
}
