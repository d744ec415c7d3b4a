package io.jprune.agent.cli;

import com.sun.tools.attach.AgentInitializationException;
import com.sun.tools.attach.AgentLoadException;
import com.sun.tools.attach.AttachNotSupportedException;
import com.sun.tools.attach.VirtualMachine;
import com.sun.tools.attach.VirtualMachineDescriptor;
import io.jprune.agent.JPruneAgent;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * Loads jprune into a JVM that was started without {@code -javaagent}, with the Attach API's
 * {@code loadAgent}: the JVM runs the agent's {@code agentmain}, which starts jprune as {@code premain} would
 * have. What the target says back is read from its system properties: {@code jprune.version} once jprune is
 * active, {@code jprune.startFailure} when it refused to start (bad options, a failed start), so that the person
 * attaching hears why without reading the app's stderr.
 */
final class AgentLoader {

    /** How long a started agent may take to register its Agent MBean; it takes well under a second. */
    private static final long ACTIVE_WITHIN_SECONDS = 30;

    private static final String START_FAILURE = JPruneAgent.START_FAILURE_PROPERTY;

    private AgentLoader() {
    }

    /**
     * What became of an attach.
     *
     * @param dynamicLoadingWarned whether the JVM printed JEP 451's warning about a dynamically loaded agent: Java
     *                             21 and later do unless started with {@code -XX:+EnableDynamicAgentLoading}
     */
    record Outcome(boolean loaded, String version, String javaVersion, boolean dynamicLoadingWarned, String message) {
    }

    /**
     * Loads {@code jar} into JVM {@code pid} with {@code options}, unless jprune is already there.
     *
     * @throws CommandFailedException saying why the JVM could not or did not take the agent
     */
    static Outcome load(long pid, Path jar, String options) throws CommandFailedException {
        VirtualMachineDescriptor descriptor = AttachConnector.describe(pid);
        VirtualMachine vm;
        try {
            vm = VirtualMachine.attach(descriptor);
        } catch (AttachNotSupportedException | IOException e) {
            throw new CommandFailedException("cannot attach to JVM " + pid + " (" + AttachConnector.displayName(descriptor)
                    + "): " + JmxCalls.messageOf(e) + "; a JVM started with -XX:+DisableAttachMechanism refuses "
                    + "every attach, and only the JVM's own user can attach", e);
        }
        try {
            Properties properties = vm.getSystemProperties();
            String javaVersion = properties.getProperty("java.specification.version", "?");
            String running = properties.getProperty(AttachConnector.VERSION_PROPERTY);
            if (running != null) {
                return new Outcome(false, running, javaVersion, false, "JVM " + pid + " already runs jprune " + running
                        + "; nothing changed (its options: see 'attribute " + pid + " io.jprune:type=Agent Options')");
            }
            String jvmArguments = vm.getAgentProperties().getProperty("sun.jvm.args", "");
            if (AttachConnector.JPRUNE_JAVAAGENT.matcher(jvmArguments).find()) {
                return new Outcome(false, "?", javaVersion, false, "JVM " + pid + " was started with jprune as -javaagent ("
                        + "not active yet, or it did not start: see the app's stderr); nothing changed");
            }
            String previousFailure = properties.getProperty(START_FAILURE);
            String flags = vm.getAgentProperties().getProperty("sun.jvm.flags", "") + " " + jvmArguments;
            boolean warned = featureVersion(javaVersion) >= 21 && !flags.contains("+EnableDynamicAgentLoading");
            loadAgent(vm, pid, jar, options);
            return new Outcome(true, awaitActive(vm, pid, previousFailure), javaVersion, warned, null);
        } catch (IOException e) {
            throw new CommandFailedException("lost the attach connection to JVM " + pid + ": " + JmxCalls.messageOf(e), e);
        } finally {
            AttachConnector.detach(vm);
        }
    }

    private static int featureVersion(String specificationVersion) {
        try {
            return Integer.parseInt(specificationVersion);
        } catch (NumberFormatException e) {
            return 0; // 1.8 and older, which jprune does not run on anyway
        }
    }

    private static void loadAgent(VirtualMachine vm, long pid, Path jar, String options)
            throws CommandFailedException {
        try {
            vm.loadAgent(jar.toString(), options.isEmpty() ? null : options);
        } catch (AgentLoadException e) {
            throw new CommandFailedException("JVM " + pid + " refused to load " + jar + ": " + JmxCalls.messageOf(e)
                    + dynamicLoadingHint(), e);
        } catch (AgentInitializationException e) {
            throw new CommandFailedException("jprune's agentmain failed in JVM " + pid + " (return code "
                    + e.returnValue() + "): " + JmxCalls.messageOf(e) + "; see the app's stderr", e);
        } catch (IOException e) {
            throw new CommandFailedException("JVM " + pid + " did not load " + jar + ": " + JmxCalls.messageOf(e)
                    + dynamicLoadingHint(), e);
        }
    }

    /** Since JDK 21 a JVM started with {@code -XX:-EnableDynamicAgentLoading} refuses agents loaded later. */
    private static String dynamicLoadingHint() {
        return " (a JVM started with -XX:-EnableDynamicAgentLoading refuses agents loaded after start; start it with "
                + "-XX:+EnableDynamicAgentLoading, or with -javaagent:jprune.jar)";
    }

    /** Waits for the started agent to mark the JVM, or for its failure; returns jprune's version. */
    private static String awaitActive(VirtualMachine vm, long pid, String previousFailure)
            throws IOException, CommandFailedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(ACTIVE_WITHIN_SECONDS);
        while (true) {
            Properties properties = vm.getSystemProperties();
            String version = properties.getProperty(AttachConnector.VERSION_PROPERTY);
            if (version != null) {
                return version;
            }
            String failure = properties.getProperty(START_FAILURE);
            if (failure != null && !failure.equals(previousFailure)) {
                throw new CommandFailedException("jprune did not start in JVM " + pid + ": " + failure);
            }
            if (System.nanoTime() > deadline) {
                throw new CommandFailedException("jprune was loaded into JVM " + pid + " but did not report itself "
                        + "active within " + ACTIVE_WITHIN_SECONDS + " s; see the app's stderr");
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CommandFailedException("interrupted while waiting for jprune to start in JVM " + pid);
            }
        }
    }

    /** The jprune jar this command line runs from: the jar the target JVM loads. */
    static Path ownJar() throws CommandFailedException {
        Path jar;
        try {
            jar = Path.of(AgentLoader.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException | RuntimeException e) {
            throw new CommandFailedException("cannot tell where jprune.jar is: " + e.getMessage());
        }
        if (!Files.isRegularFile(jar) || !jar.toString().endsWith(".jar")) {
            throw new CommandFailedException("attach loads the jar it runs from, but this command line runs from "
                    + jar + ": run it as java -jar jprune.jar attach ...");
        }
        return jar.toAbsolutePath();
    }
}
