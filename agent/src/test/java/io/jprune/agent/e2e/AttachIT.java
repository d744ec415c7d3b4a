package io.jprune.agent.e2e;

import static io.jprune.agent.e2e.BitAssertions.assertBitsEqual;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code jprune attach}: the demo service started without {@code -javaagent}, already serving, gets jprune loaded
 * by the real command line, and the seed walkthrough (list, random_unstructured 0.3, ln_structured on top, which
 * channels were cut, the app's own accuracy, restore bit for bit) then runs on it as on a service started with the
 * agent; on Java 17 and Java 25. JVMs that cannot take the agent are refused with the reason (a process that is
 * no JVM: {@code AttachConnectorTest}).
 */
class AttachIT {
    private static final Duration STARTUP = Duration.ofSeconds(60);
    private static final Duration PASS = Duration.ofSeconds(90);

    @ParameterizedTest(name = "on {0}")
    @MethodSource("io.jprune.agent.e2e.ChildJava#both")
    void attachingToTheRunningDemoLetsTheWalkthroughPruneAndRestoreIt(ChildJava java) throws Exception {
        try (DemoApp app = DemoApp.Launch.demo().java(java.assumeInstalled()).withoutAgent()
                .start("--threads", "1", "--report-ms", "60000")) {
            MBeanServerConnection connection = app.connect();
            ObjectName inferenceName = new ObjectName("demo:type=Inference");
            JmxConsole inference = new JmxConsole(connection, inferenceName);
            app.await("a first completed pass without jprune", PASS, () -> attribute(inference, "PassesCompleted") >= 1);
            double accuracyWithoutJprune = (double) inference.attribute("Accuracy");
            assertFalse(connection.isRegistered(new ObjectName("io.jprune:type=Agent")), "no jprune before attach");
            String pid = Long.toString(app.pid());

            JpruneCli.Result attach = JpruneCli.run("attach", pid);
            assertEquals(0, attach.status(), attach.toString());
            assertTrue(attach.out().startsWith("jprune ") && attach.out().contains(" attached to JVM " + pid), attach.out());
            assertEquals(java.name().equals("17"), !attach.out().contains("-XX:+EnableDynamicAgentLoading"),
                    "the Java 21+ warning is explained exactly on Java 21+: " + attach.out());

            JpruneCli.Result again = JpruneCli.run("attach", pid, "log=debug");
            assertEquals(0, again.status(), again.toString());
            assertTrue(again.out().startsWith("JVM " + pid + " already runs jprune "), again.out());
            assertTrue(again.out().contains("nothing changed"), again.out());

            ObjectName modelName = new ObjectName("io.jprune:type=Model,name=LeNet");
            app.await("the LeNet model MBean, found at its next forward", STARTUP,
                    () -> isRegistered(connection, modelName));
            JmxConsole agent = new JmxConsole(connection, new ObjectName("io.jprune:type=Agent"));
            assertEquals("modules=*,forward=forward,log=info,backend=auto", agent.attribute("Options"),
                    "the second attach changed nothing");
            JmxConsole model = new JmxConsole(connection, modelName);
            float[] original = model.tensor("conv1.weight");

            assertEquals("""
                    NAME    SHAPE         NUMEL  ZEROS  SPARSITY
                    weight  [6, 1, 3, 3]     54      0      0.0%
                    bias    [6]               6      0      0.0%
                    """, ok(JpruneCli.run("parameters", pid, "conv1")));
            assertEquals("conv1.weight: random_unstructured amount=0.3 -> 16 of 54 pruned (29.6%)\n",
                    ok(JpruneCli.run("prune", pid, "random_unstructured", "conv1.weight", "--amount", "0.3",
                            "--seed", "2024")));
            assertTrue(ok(JpruneCli.run("buffers", pid, "conv1")).contains("weight_mask  [6, 1, 3, 3]     54     16"));
            assertTrue(ok(JpruneCli.run("prune", pid, "ln_structured", "conv1.weight", "--amount", "0.5", "--n", "2",
                    "--dim", "0")).startsWith("conv1.weight: ln_structured amount=0.5 n=2 dim=0 -> "));
            String channels = ok(JpruneCli.run("channels", pid, "conv1.weight", "--dim", "0"));
            assertTrue(channels.contains("3 of 6"), channels);
            long pruned = System.currentTimeMillis();
            double prunedAccuracy = (double) app.ofAPassStartedAfter(inference, "Accuracy", pruned, PASS);
            assertNotEquals(accuracyWithoutJprune, prunedAccuracy, "the attached jprune's prunes reach the app");

            assertEquals("LeNet: restored 1 parameter: conv1.weight\n", ok(JpruneCli.run("restore", pid)));
            assertBitsEqual(original, model.tensor("conv1.weight"), "conv1.weight after restore");
            long restored = System.currentTimeMillis();
            assertEquals(accuracyWithoutJprune, (double) app.ofAPassStartedAfter(inference, "Accuracy", restored, PASS),
                    "the app's accuracy is back to what it was before jprune was attached");
            assertTrue(app.isAlive());
        }
    }

    @Test
    void attachingWithAPlanPrunesTheRunningModelAtItsNextForward() throws Exception {
        Path plan = Files.createTempFile(Path.of(System.getProperty("it.work", "target/it")), "plan", ".json");
        Files.writeString(plan, "{\"model\": \"LeNet\", \"steps\": [{\"method\": \"l1_unstructured\", "
                + "\"parameter\": \"conv1.weight\", \"amount\": 27}]}");
        try (DemoApp app = DemoApp.Launch.demo().java(ChildJava.java25().assumeInstalled()).withoutAgent()
                .jvmArgs("-XX:+EnableDynamicAgentLoading").start("--threads", "1", "--report-ms", "60000")) {
            MBeanServerConnection connection = app.connect();
            JmxConsole inference = new JmxConsole(connection, new ObjectName("demo:type=Inference"));
            app.await("a first completed pass without jprune", PASS, () -> attribute(inference, "PassesCompleted") >= 1);
            JpruneCli.Result attach = JpruneCli.run("attach", Long.toString(app.pid()), "plan=" + plan);
            assertEquals(0, attach.status(), attach.toString());
            assertFalse(attach.out().contains("warning"), "started with -XX:+EnableDynamicAgentLoading: no warning "
                    + "to explain: " + attach.out());
            assertFalse(app.output().contains("WARNING: A Java agent has been loaded dynamically"), app.output());
            JmxConsole agent = new JmxConsole(connection, new ObjectName("io.jprune:type=Agent"));
            app.await("the plan applied at the model's next forward", STARTUP,
                    () -> String.valueOf(plainAttribute(agent, "Plan")).startsWith("plan " + plan + ": applied to LeNet "
                            + "before its first forward: conv1.weight: l1_unstructured amount=27 -> 27 of 54 pruned"));
            JmxConsole model = new JmxConsole(connection, new ObjectName("io.jprune:type=Model,name=LeNet"));
            assertEquals(27, zeros(model.tensor("conv1.weight_mask")));
        }
    }

    @Test
    void aJava25StartedWithoutDynamicAgentLoadingIsRefusedWithTheFlagNamed() throws Exception {
        try (DemoApp app = DemoApp.Launch.demo().java(ChildJava.java25().assumeInstalled()).withoutAgent()
                .jvmArgs("-XX:-EnableDynamicAgentLoading").start("--threads", "1", "--report-ms", "60000")) {
            app.connect();
            JpruneCli.Result attach = JpruneCli.run("attach", Long.toString(app.pid()));
            assertEquals(1, attach.status(), attach.toString());
            assertTrue(attach.err().startsWith("jprune: JVM " + app.pid() + " refused to load "), attach.err());
            assertTrue(attach.err().contains("-XX:+EnableDynamicAgentLoading"), attach.err());
            assertTrue(app.isAlive());
            assertFalse(app.output().contains("[jprune]"), app.output());
        }
    }

    @Test
    void aJvmThatRefusesAttachIsNamedAndBadOptionsNeverReachTheJvm() throws Exception {
        try (DemoApp app = DemoApp.Launch.demo().withoutAgent().jvmArgs("-XX:+DisableAttachMechanism")
                .start("--threads", "1", "--report-ms", "60000")) {
            app.await("the demo's first line", STARTUP, () -> app.output().contains("jprune-demo:"));
            JpruneCli.Result attach = JpruneCli.run("attach", Long.toString(app.pid()));
            assertEquals(1, attach.status(), attach.toString());
            assertEquals("jprune: JVM " + app.pid() + " does not accept attach: it was started with "
                    + "-XX:+DisableAttachMechanism (or -XX:-UsePerfData), or runs as another user (run jprune as the "
                    + "JVM's user)\n", attach.err());
            assertTrue(app.isAlive());
        }
        JpruneCli.Result badOptions = JpruneCli.run("attach", "1", "modules=com.acme.*", "forwrd=predict");
        assertEquals(2, badOptions.status(), badOptions.toString());
        assertTrue(badOptions.err().startsWith("jprune: bad agent options 'modules=com.acme.*,forwrd=predict': "
                + "unknown option 'forwrd'"), badOptions.err());
    }

    private static String ok(JpruneCli.Result result) {
        assertEquals(0, result.status(), result.toString());
        return result.out();
    }

    private static long attribute(JmxConsole bean, String name) {
        try {
            return (long) bean.attribute(name);
        } catch (Exception e) {
            return 0;
        }
    }

    private static Object plainAttribute(JmxConsole bean, String name) {
        try {
            return bean.attribute(name);
        } catch (Exception e) {
            return null;
        }
    }

    private static int zeros(float[] values) {
        int zeros = 0;
        for (float value : values) {
            zeros += value == 0f ? 1 : 0;
        }
        return zeros;
    }

    private static boolean isRegistered(MBeanServerConnection connection, ObjectName name) {
        try {
            return connection.isRegistered(name);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
