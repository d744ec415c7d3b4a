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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import javax.management.MBeanServerConnection;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * An app running in a child JVM, by default the demo service with {@code -javaagent:jprune.jar}, reached the way
 * a JMX console on the same machine reaches it: the Attach API starts the local management agent (no port) and
 * hands over its address. {@link Launch} chooses another Java, other JVM flags, no agent, or a test app of
 * this module's test classes instead of the demo.
 */
public final class DemoApp implements AutoCloseable {
    private final Process process;
    private final Path log;
    private JMXConnector connector;

    private DemoApp(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Starts {@code java -javaagent:<jprune.jar>[=agentOptions] -jar <demo.jar> <appArgs>} on this test's Java. */
    public static DemoApp start(String agentOptions, String... appArgs) throws IOException {
        return Launch.demo().agentOptions(agentOptions).start(appArgs);
    }

    /**
     * How a child JVM is started; immutable, each setter returns a new launch. The default is the demo jar with
     * the real agent and no options, on the Java running the test.
     */
    public static final class Launch {
        private final Path java;
        private final String agentOptions;
        private final boolean withAgent;
        private final List<String> jvmArgs;
        private final String mainClass;
        private final List<Path> classpath;
        private final Map<String, String> environment;

        private Launch(Path java, String agentOptions, boolean withAgent, List<String> jvmArgs, String mainClass,
                       List<Path> classpath, Map<String, String> environment) {
            this.java = java;
            this.agentOptions = agentOptions;
            this.withAgent = withAgent;
            this.jvmArgs = List.copyOf(jvmArgs);
            this.mainClass = mainClass;
            this.classpath = List.copyOf(classpath);
            this.environment = Map.copyOf(environment);
        }

        /** With one more environment variable for the child, e.g. {@code MALLOC_ARENA_MAX}. */
        public Launch environment(String name, String value) {
            Map<String, String> all = new HashMap<>(environment);
            all.put(name, value);
            return new Launch(java, agentOptions, withAgent, jvmArgs, mainClass, classpath, all);
        }

        /** The demo service, with the agent, on the Java running the test. */
        public static Launch demo() {
            return new Launch(ChildJava.current().executable(), "", true, List.of(), null, List.of(), Map.of());
        }

        /** On another Java, e.g. {@link ChildJava#java25()}. */
        public Launch java(ChildJava childJava) {
            return new Launch(childJava.executable(), agentOptions, withAgent, jvmArgs, mainClass, classpath,
                    environment);
        }

        /** With these agent options ({@code ""}: none). */
        public Launch agentOptions(String options) {
            return new Launch(java, options, withAgent, jvmArgs, mainClass, classpath, environment);
        }

        /** Without {@code -javaagent}, to compare what the same app does without jprune. */
        public Launch withoutAgent() {
            return new Launch(java, agentOptions, false, jvmArgs, mainClass, classpath, environment);
        }

        /** With more JVM flags, e.g. {@code -Djprune.faults=hook}, after the defaults. */
        public Launch jvmArgs(String... args) {
            List<String> all = new ArrayList<>(jvmArgs);
            all.addAll(List.of(args));
            return new Launch(java, agentOptions, withAgent, all, mainClass, classpath, environment);
        }

        /**
         * Runs {@code mainClass} from this module's test classes, with the demo jar and {@code extraClasspath}
         * on the class path, instead of the demo's own main.
         */
        public Launch testApp(Class<?> main, Path... extraClasspath) {
            List<Path> path = new ArrayList<>();
            path.add(testClasses(main));
            path.add(existing("demo.jar", "build demo-app first ('mvn -pl agent -am verify' does)"));
            path.addAll(List.of(extraClasspath));
            return new Launch(java, agentOptions, withAgent, jvmArgs, main.getName(), path, environment);
        }

        /**
         * Runs the demo's own main with {@code firstOnClasspath} ahead of demo-app.jar (and so ahead of the
         * {@code lib/onnxruntime.jar} or DJL jars its manifest names): the ONNX Runtime or DJL service on another
         * version of its library.
         */
        public Launch demoOn(Path... firstOnClasspath) {
            List<Path> path = new ArrayList<>(List.of(firstOnClasspath));
            path.add(existing("demo.jar", "build demo-app first ('mvn -pl agent -am verify' does)"));
            return new Launch(java, agentOptions, withAgent, jvmArgs, "io.jprune.demo.InferenceService", path,
                    environment);
        }

        /** Starts the child with {@code appArgs}, its stdout and stderr going to a log file. */
        public DemoApp start(String... appArgs) throws IOException {
            Path jprune = existing("jprune.jar", "run 'mvn -pl agent -am verify' so that the shade step builds it");
            Path work = Paths.get(System.getProperty("it.work", "target/it"));
            Files.createDirectories(work);
            Path log = Files.createTempFile(work, "demo-app-", ".log");
            List<String> command = new ArrayList<>();
            command.add(java.toString());
            if (withAgent) {
                command.add("-javaagent:" + jprune + (agentOptions.isEmpty() ? "" : "=" + agentOptions));
            }
            command.add("-Xmx256m");
            command.addAll(jvmArgs);
            if (mainClass == null) {
                command.add("-jar");
                command.add(existing("demo.jar", "build demo-app first ('mvn -pl agent -am verify' does)").toString());
            } else {
                command.add("-cp");
                command.add(classpath.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator)));
                command.add(mainClass);
            }
            command.addAll(List.of(appArgs));
            Files.writeString(log, "# " + String.join(" ", command) + "\n");
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            Map<String, String> environment = builder.environment();
            environment.remove("JAVA_TOOL_OPTIONS");
            environment.remove("JDK_JAVA_OPTIONS");
            environment.putAll(this.environment);
            return new DemoApp(builder.start(), log);
        }

        private static Path testClasses(Class<?> type) {
            try {
                return Paths.get(type.getProtectionDomain().getCodeSource().getLocation().toURI());
            } catch (Exception e) {
                throw new IllegalStateException("cannot locate the test classes of " + type, e);
            }
        }
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
     * IOException) or does not answer the attach in time, so this retries until the app is up.
     */
    public MBeanServerConnection connect() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            try {
                connector = JMXConnectorFactory.connect(new JMXServiceURL(localConnectorAddress()));
                return connector.getMBeanServerConnection();
            } catch (IOException | AttachNotSupportedException e) {
                // a JVM still starting may not answer the attach in time on a loaded machine: try again
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
    public void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
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

    /**
     * An attribute of the demo's {@code demo:type=Inference} MBean ({@code inference}) over a pass that started
     * after {@code afterMillis}: the pass's start time is read before and after the attribute, so that both
     * belong to the same pass.
     */
    public Object ofAPassStartedAfter(JmxConsole inference, String attribute, long afterMillis, Duration timeout)
            throws InterruptedException {
        Object[] value = new Object[1];
        await("a pass started after " + afterMillis, timeout, () -> {
            try {
                long started = (long) inference.attribute("LastPassStartedAtMillis");
                value[0] = inference.attribute(attribute);
                return started > afterMillis && started == (long) inference.attribute("LastPassStartedAtMillis");
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        return value[0];
    }

    /** Waits for the child to end by itself, failing with its output if it takes longer; returns its exit code. */
    public int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("the child did not end within " + timeout + "; output:\n" + output());
        }
        return process.exitValue();
    }

    /** Everything the child printed so far (stdout and stderr). */
    public String output() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e + ")";
        }
    }

    /** The child's process id, e.g. to look at its sockets in {@code /proc}. */
    public long pid() {
        return process.pid();
    }

    /** Whether the child still runs: jprune must never have stopped it. */
    public boolean isAlive() {
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
