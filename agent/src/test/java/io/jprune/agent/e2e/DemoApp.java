package io.jprune.agent.e2e;

import com.sun.tools.attach.AttachNotSupportedException;
import com.sun.tools.attach.VirtualMachine;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javax.management.MBeanServerConnection;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * The demo service running in a child JVM with {@code -javaagent:jprune.jar}, reached the way a JMX console
 * on the same machine reaches it: the Attach API starts the local management agent (no port) and hands
 * over its address.
 */
final class DemoApp implements AutoCloseable {
    private final Process process;
    private final Path log;
    private JMXConnector connector;

    private DemoApp(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Starts {@code java -javaagent:<jprune.jar>[=agentOptions] -jar <demo.jar> <appArgs>}. */
    static DemoApp start(String agentOptions, String... appArgs) throws IOException {
        Path jprune = existing("jprune.jar", "run 'mvn -pl agent -am verify' so that the shade step builds it");
        Path demo = existing("demo.jar", "build demo-app first ('mvn -pl agent -am verify' does)");
        Path work = Paths.get(System.getProperty("it.work", "target/it"));
        Files.createDirectories(work);
        Path log = Files.createTempFile(work, "demo-app-", ".log");
        List<String> command = new ArrayList<>();
        command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-javaagent:" + jprune + (agentOptions.isEmpty() ? "" : "=" + agentOptions));
        command.add("-Xmx256m");
        command.add("-jar");
        command.add(demo.toString());
        command.addAll(List.of(appArgs));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return new DemoApp(process, log);
    }

    private static Path existing(String property, String hint) {
        String value = System.getProperty(property);
        if (value == null) {
            throw new IllegalStateException("system property " + property + " is not set; run the test through "
                    + "Maven failsafe");
        }
        Path path = Paths.get(value).toAbsolutePath().normalize();
        if (!Files.isRegularFile(path)) {
            throw new IllegalStateException(path + " does not exist: " + hint);
        }
        return path;
    }

    /**
     * Attaches to the child and connects to its platform MBean server through the local connector. A JVM that
     * is still starting refuses to start its management agent (an AttachOperationFailedException, which is an
     * IOException), so this retries until the app is up.
     */
    MBeanServerConnection connect() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            try {
                connector = JMXConnectorFactory.connect(new JMXServiceURL(localConnectorAddress()));
                return connector.getMBeanServerConnection();
            } catch (IOException e) {
                if (System.nanoTime() > deadline || !process.isAlive()) {
                    throw new AssertionError("cannot reach the demo app over JMX; its output:\n" + output(), e);
                }
                Thread.sleep(200);
            }
        }
    }

    private String localConnectorAddress() throws IOException, AttachNotSupportedException {
        VirtualMachine vm = VirtualMachine.attach(Long.toString(process.pid()));
        try {
            return vm.startLocalManagementAgent();
        } finally {
            vm.detach();
        }
    }

    /** Waits for a condition of the child, failing with the child's output if it does not come. */
    void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (!process.isAlive()) {
                throw new AssertionError("the demo app exited (" + process.exitValue() + ") while waiting for "
                        + what + "; its output:\n" + output());
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what + "; output:\n"
                        + output());
            }
            Thread.sleep(50);
        }
    }

    /** Everything the child printed so far (stdout and stderr). */
    String output() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e + ")";
        }
    }

    boolean isAlive() {
        return process.isAlive();
    }

    File logFile() {
        return log.toFile();
    }

    @Override
    public void close() throws Exception {
        try {
            if (connector != null) {
                connector.close();
            }
        } catch (IOException e) {
            // the child may already be gone
        } finally {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
