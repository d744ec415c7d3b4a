package io.jprune.agent.e2e;

import static io.jprune.agent.e2e.BitAssertions.assertBitsEqual;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jprune.agent.safetensors.NumpySafetensors;
import io.jprune.agent.safetensors.StoredTensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.management.openmbean.CompositeData;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;

/**
 * A plan found interactively on one running demo ({@code jprune plan <pid>}) and rolled out with
 * {@code -javaagent:jprune.jar=plan=FILE} on a second demo, as on every replica of a service: the second demo's very
 * first pass over the digits is already pruned, scoring what the first demo scores after its prunes, with every
 * tensor the same bits. A plan whose model never appears in time leaves the app unpruned and says why, on stderr and
 * in the Agent MBean.
 */
class PlanIT {
    private static final Duration STARTUP = Duration.ofSeconds(60);
    private static final Duration PASS = Duration.ofSeconds(90);
    private static final List<String> TENSORS = List.of("conv1.weight", "conv1.weight_orig", "conv1.weight_mask",
            "conv1.bias", "conv2.weight", "fc1.weight", "fc1.weight_orig", "fc1.weight_mask", "fc2.weight",
            "fc3.weight");

    @Test
    void thePlanOfAPrunedDemoPrunesAReplicaBeforeItsFirstAnswer() throws Exception {
        Path plan = Files.createTempFile(Path.of(System.getProperty("it.work", "target/it")), "plan", ".json");
        try (DemoApp interactive = DemoApp.start("", "--threads", "1", "--report-ms", "60000")) {
            MBeanServerConnection connection = interactive.connect();
            ObjectName modelName = new ObjectName("io.jprune:type=Model,name=LeNet");
            interactive.await("the LeNet model MBean", STARTUP, () -> registered(connection, modelName));
            String pid = Long.toString(interactive.pid());
            ok(JpruneCli.run("prune", pid, "random_unstructured", "conv1.weight", "--amount", "0.3", "--seed", "2024"));
            ok(JpruneCli.run("prune", pid, "ln_structured", "conv1.weight", "--amount", "0.5", "--n", "2", "--dim", "0"));
            ok(JpruneCli.run("prune", pid, "global_unstructured", "fc1.weight", "fc2.weight", "--pruning-method",
                    "L1Unstructured", "--amount", "0.5"));
            ok(JpruneCli.run("remove", pid, "fc2.weight"));
            long pruned = System.currentTimeMillis();
            JmxConsole inference = new JmxConsole(connection, new ObjectName("demo:type=Inference"));
            double prunedAccuracy = (double) interactive.ofAPassStartedAfter(inference, "Accuracy", pruned, PASS);
            Files.writeString(plan, ok(JpruneCli.run("plan", pid)));
            exportsTheStateDictThatNumpyReads(pid, new JmxConsole(connection, modelName));

            try (DemoApp replica = DemoApp.start("plan=" + plan, "--threads", "1", "--report-ms", "60000")) {
                MBeanServerConnection replicaConnection = replica.connect();
                JmxConsole replicaInference = new JmxConsole(replicaConnection, new ObjectName("demo:type=Inference"));
                replica.await("the replica's first pass", PASS, () -> passes(replicaInference) >= 1);
                assertEquals(prunedAccuracy, (double) replicaInference.attribute("Accuracy"),
                        "the replica's first pass already scores what the pruned demo scores");
                assertTrue(replica.output().contains("[jprune] plan " + plan + ": applied to LeNet before its first "
                        + "forward: conv1.weight: random_unstructured amount=0.3 -> 16 of 54 pruned"), replica.output());
                JmxConsole agent = new JmxConsole(replicaConnection, new ObjectName("io.jprune:type=Agent"));
                assertTrue(((String) agent.attribute("Plan")).startsWith("plan " + plan + ": applied to LeNet"));
                JmxConsole original = new JmxConsole(connection, modelName);
                JmxConsole copy = new JmxConsole(replicaConnection, modelName);
                for (String tensor : TENSORS) {
                    assertBitsEqual(original.tensor(tensor), copy.tensor(tensor), tensor);
                }
                assertEquals(original.names("namedParameters", ""), copy.names("namedParameters", ""));
            }
        }
    }

    @Test
    void aPlanWhoseModelNeverAppearsLeavesTheAppUnprunedAndSaysWhy() throws Exception {
        Path plan = Files.createTempFile(Path.of(System.getProperty("it.work", "target/it")), "plan", ".json");
        Files.writeString(plan, "{\"model\": \"ResNet\", \"within_seconds\": 1, \"steps\": [{\"method\": "
                + "\"l1_unstructured\", \"parameter\": \"fc.weight\", \"amount\": 0.5}]}");
        try (DemoApp app = DemoApp.start("plan=" + plan, "--threads", "1", "--report-ms", "60000")) {
            MBeanServerConnection connection = app.connect();
            JmxConsole agent = new JmxConsole(connection, new ObjectName("io.jprune:type=Agent"));
            String failure = "plan " + plan + " not applied: model ResNet did not appear within 1.0 s (within_seconds); "
                    + "it will not be pruned when it appears";
            app.await("the plan's deadline", STARTUP, () -> failure.equals(attribute(agent, "Plan")));
            assertTrue(app.output().contains("[jprune] " + failure + "\n"), app.output());
            JmxConsole inference = new JmxConsole(connection, new ObjectName("demo:type=Inference"));
            app.await("a first pass", PASS, () -> passes(inference) >= 1);
            assertEquals(0.984, (double) inference.attribute("Accuracy"), "the demo runs unpruned");
            JmxConsole model = new JmxConsole(connection, new ObjectName("io.jprune:type=Model,name=LeNet"));
            assertEquals(Boolean.FALSE, model.attribute("Pruned"));
        }
    }

    /** The pruned demo's state_dict, as the independent numpy reader reads it, holds what the model holds. */
    private static void exportsTheStateDictThatNumpyReads(String pid, JmxConsole model) throws Exception {
        Path file = Path.of(System.getProperty("it.work", "target/it")).resolve("lenet-" + pid + ".safetensors");
        String exported = ok(JpruneCli.run("export", pid, file.toString()));
        assertTrue(exported.startsWith("wrote 12 tensors (") && exported.endsWith(" float32 values) of model LeNet to "
                + file + "; pruned: conv1.weight, fc1.weight\n"), exported);
        List<StoredTensor> expected = new ArrayList<>();
        for (String listing : List.of("namedParameters", "namedBuffers")) {
            for (CompositeData row : model.rows(listing, "")) {
                String name = (String) row.get("name");
                expected.add(StoredTensor.f32(name, (int[]) row.get("shape"), model.tensor(name)));
            }
        }
        assertTrue(expected.stream().anyMatch(t -> t.name().equals("conv1.weight_orig")));
        assertEquals("metadata {\"format\": \"pt\", \"jprune.model\": \"LeNet\"}\n" + NumpySafetensors.lines(expected),
                NumpySafetensors.readWithNumpy(file));
    }

    private static String ok(JpruneCli.Result result) {
        assertEquals(0, result.status(), result.toString());
        return result.out();
    }

    private static Object attribute(JmxConsole bean, String name) {
        try {
            return bean.attribute(name);
        } catch (Exception e) {
            return null;
        }
    }

    private static long passes(JmxConsole inference) {
        Object passes = attribute(inference, "PassesCompleted");
        return passes == null ? 0 : (long) passes;
    }

    private static boolean registered(MBeanServerConnection connection, ObjectName name) {
        try {
            return connection.isRegistered(name);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
