package io.jprune.agent.reliability;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jprune.agent.e2e.ChildJava;
import io.jprune.agent.e2e.DemoApp;
import io.jprune.agent.e2e.JmxConsole;
import io.jprune.agent.reliability.app.ClashApp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Arrays;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * jprune in an app that carries its own, different Byte Buddy (1.14.18, where jprune shades 1.18.17 under its
 * own package) and uses it at run time: the app's Byte Buddy still generates classes, from its own jar, and
 * jprune still finds, prunes and restores the app's model; on Java 17 and on Java 25.
 */
class ByteBuddyClashIT {
    private static final Duration STARTUP = Duration.ofSeconds(90);

    @ParameterizedTest(name = "on {0}")
    @MethodSource("io.jprune.agent.e2e.ChildJava#both")
    void anAppWithItsOwnByteBuddyKeepsUsingItWhileJprunePrunesItsModel(ChildJava java) throws Exception {
        Path appsByteBuddy = Paths.get(System.getProperty("clash.bytebuddy.jar", "target/it-libs/byte-buddy-1.14.18.jar"));
        assertTrue(Files.isRegularFile(appsByteBuddy), appsByteBuddy + " is missing: failsafe's pre-integration-test "
                + "phase copies it (maven-dependency-plugin)");
        try (DemoApp app = DemoApp.Launch.demo().java(java.assumeInstalled()).testApp(ClashApp.class, appsByteBuddy)
                .start()) {
            MBeanServerConnection connection = app.connect();
            ObjectName appName = new ObjectName(ClashApp.OBJECT_NAME);
            ObjectName modelName = new ObjectName("io.jprune:type=Model,name=LeNet");
            app.await("the app and its model", STARTUP,
                    () -> registered(connection, appName) && registered(connection, modelName));
            assertEquals(java.name(), connection.getAttribute(new ObjectName("java.lang:type=Runtime"), "SpecVersion"));
            JmxConsole clash = new JmxConsole(connection, appName);
            JmxConsole model = new JmxConsole(connection, modelName);

            assertTrue(((String) clash.attribute("ByteBuddyLocation")).endsWith("/byte-buddy-1.14.18.jar"),
                    "the app's net.bytebuddy classes come from its own jar: " + clash.attribute("ByteBuddyLocation"));
            assertTrue(((String) clash.attribute("Generated")).startsWith("generated class #"));
            float[] unpruned = latestLogits(app, clash);

            // with fc3's weight all pruned, fc3 computes bias + 0 * x: the logits are fc3.bias exactly
            assertEquals("fc3.weight: l1_unstructured amount=1.0 -> 840 of 840 pruned (100.0%)",
                    model.string("l1Unstructured", "fc3.weight", "1.0"));
            float[] bias = model.tensor("fc3.bias");
            awaitLogits(app, clash, bias, "fc3.bias, once fc3.weight is all pruned");
            assertTrue(((String) clash.attribute("Generated")).startsWith("generated class #"),
                    "the app's Byte Buddy still works with jprune active");

            assertEquals("LeNet: restored 1 parameter: fc3.weight", model.string("restore"));
            awaitLogits(app, clash, unpruned, "the unpruned logits, after restore");
            assertTrue(app.isAlive());
            assertTrue(!app.output().contains("Exception"), "nothing failed in the app:\n" + app.output());
        }
    }

    private static float[] latestLogits(DemoApp app, JmxConsole clash) throws Exception {
        app.await("a forward of the app", STARTUP, () -> forwards(clash) > 0);
        return (float[]) clash.attribute("Logits");
    }

    /** Waits until a forward that started after now has produced exactly {@code expected}. */
    private static void awaitLogits(DemoApp app, JmxConsole clash, float[] expected, String what) throws Exception {
        long seen = forwards(clash);
        app.await(what, STARTUP, () -> forwards(clash) > seen + 1);
        float[] logits = (float[]) clash.attribute("Logits");
        assertArrayEquals(expected, logits, what + ": " + Arrays.toString(logits));
    }

    private static long forwards(JmxConsole clash) {
        try {
            return (long) clash.attribute("Forwards");
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static boolean registered(MBeanServerConnection connection, ObjectName name) {
        try {
            return connection.isRegistered(name);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
