package io.jprune.agent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The real connector against real child JVMs: attach, the local management agent, JMX over its connector (where
 * the MBean's exception must survive serialization to be relayed verbatim), and the refusals for a JVM without
 * jprune, a process that is no JVM, and a pid that does not exist.
 */
class AttachConnectorTest {

    private static final List<Process> CHILDREN = new ArrayList<>();
    private static Process jpruneJvm;
    private static Process plainJvm;

    @BeforeAll
    static void startChildren() throws IOException {
        jpruneJvm = startJvm("jprune");
        plainJvm = startJvm("plain");
    }

    @AfterAll
    static void stopChildren() {
        for (Process child : CHILDREN) {
            child.destroy();
        }
    }

    private static Process startJvm(String kind) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                TinyNetJvm.class.getName(), kind).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        CHILDREN.add(process);
        BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        assertEquals("ready", reader.readLine());
        return process;
    }

    private static CliRun run(String... args) {
        return CliRun.of(new AttachConnector(), "", args);
    }

    @Test
    void worksOnAJvmRunningJprune() {
        String pid = Long.toString(jpruneJvm.pid());
        CliRun models = run("models", pid);
        assertEquals("MODEL    PRUNED\nTinyNet  no\n", models.out(), models.err());
        CliRun pruned = run("prune", pid, "random_unstructured", "conv1.weight", "--amount", "0.25", "--seed", "4");
        assertEquals("conv1.weight: random_unstructured amount=0.25 -> 2 of 8 pruned (25.0%)\n", pruned.out(),
                pruned.err());
        CliRun buffers = run("buffers", pid, "--json");
        assertEquals("[{\"name\":\"conv1.weight_mask\",\"shape\":[2,1,2,2],\"numel\":8,\"zeros\":2,\"sparsity\":0.25}]\n",
                buffers.out(), buffers.err());
        CliRun restored = run("restore", pid);
        assertEquals(0, restored.status(), restored.err());
    }

    @Test
    void relaysTheMBeansMessageAcrossTheConnector() {
        CliRun refused = run("prune", Long.toString(jpruneJvm.pid()), "random_unstructured", "conv1.weight",
                "--amount", "1.5", "--seed", "4");
        assertEquals("jprune: amount=1.5 should either be a float in the range [0, 1] or a non-negative integer\n",
                refused.err());
        assertEquals(1, refused.status());
    }

    @Test
    void listFindsOnlyTheJvmRunningJprune() {
        CliRun list = run("list", "--json");
        assertEquals(0, list.status(), list.err());
        assertTrue(list.out().contains("{\"pid\":" + jpruneJvm.pid() + ",\"version\":\"0.1.0-test\",\"models\":[\"TinyNet\"],"
                + "\"main\":\"" + TinyNetJvm.class.getName() + " jprune\"}"), list.out());
        assertTrue(!list.out().contains("\"pid\":" + plainJvm.pid() + ","), list.out());
    }

    @Test
    void refusesAJvmWithoutJprune() {
        CliRun refused = run("modules", Long.toString(plainJvm.pid()));
        assertEquals("jprune: JVM " + plainJvm.pid() + " (" + TinyNetJvm.class.getName()
                + " plain) is not running jprune; start it with -javaagent:jprune.jar\n", refused.err());
        assertEquals(1, refused.status());
        CliRun attribute = run("attribute", Long.toString(plainJvm.pid()), "java.lang:type=Runtime", "SpecVersion");
        assertEquals(System.getProperty("java.vm.specification.version") + "\n", attribute.out(), attribute.err());
    }

    @Test
    void refusesProcessesThatAreNoJvmAndPidsThatDoNotExist() throws Exception {
        Process sleep = new ProcessBuilder("sleep", "60").start();
        CHILDREN.add(sleep);
        CliRun notAJvm = run("modules", Long.toString(sleep.pid()));
        assertEquals("jprune: process " + sleep.pid() + " (" + sleep.info().command().orElseThrow() + ") is not a JVM "
                + "that this user can attach to (run jprune as the JVM's user)\n", notAJvm.err());
        assertEquals(1, notAJvm.status());
        assertTrue(sleep.isAlive(), "attaching must not signal a process that is no JVM");

        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        CliRun missing = run("modules", Long.toString(gone.pid()));
        assertEquals("jprune: no process with pid " + gone.pid() + "\n", missing.err());
        assertEquals(1, missing.status());

        CliRun self = run("modules", Long.toString(ProcessHandle.current().pid()));
        assertEquals("jprune: pid " + ProcessHandle.current().pid() + " is this jprune command itself\n", self.err());
    }

    @Test
    void recognisesAJpruneJarAmongTheJavaagentArguments() {
        for (String jvmArguments : List.of("-javaagent:agent/target/jprune.jar", "-Xmx1g -javaagent:/opt/jprune.jar=log=info",
                "-javaagent:jprune-agent-0.1.0-SNAPSHOT.jar -ea")) {
            assertTrue(AttachConnector.JPRUNE_JAVAAGENT.matcher(jvmArguments).find(), jvmArguments);
        }
        for (String jvmArguments : List.of("", "-javaagent:/opt/jprune/other.jar", "-Djprune.jar=x.jar",
                "-javaagent:byte-buddy.jar")) {
            assertTrue(!AttachConnector.JPRUNE_JAVAAGENT.matcher(jvmArguments).find(), jvmArguments);
        }
    }
}
