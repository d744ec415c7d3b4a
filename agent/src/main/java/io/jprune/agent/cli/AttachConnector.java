package io.jprune.agent.cli;

import com.sun.tools.attach.AttachNotSupportedException;
import com.sun.tools.attach.VirtualMachine;
import com.sun.tools.attach.VirtualMachineDescriptor;
import io.jprune.runtime.jmx.AgentMXBean;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import javax.management.MBeanServerConnection;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * Reaches local JVMs the way {@code jcmd} and JConsole do: the Attach API, then the JDK's local management agent
 * ({@code startLocalManagementAgent}), which accepts connections from this machine only. jprune itself opens
 * nothing. A JVM is recognised as running jprune before anything is started in it: by the {@value #VERSION_PROPERTY}
 * system property its agent sets or, failing that, by a jprune jar in its {@code -javaagent:} arguments.
 */
final class AttachConnector implements JvmConnector {

    /** Set by jprune's agent in every JVM it runs in; its value is jprune's version. */
    static final String VERSION_PROPERTY = "jprune.version";

    /** {@code -javaagent:} followed by a jar whose file name contains "jprune", e.g. {@code .../jprune.jar=log=info}. */
    static final Pattern JPRUNE_JAVAAGENT = Pattern.compile("-javaagent:(\\S*/)?[^/\\s=]*jprune[^/\\s=]*\\.jar");

    private static final long LIST_TIMEOUT_SECONDS = 15;

    /** Longer than the Attach API's own wait for a target to answer (10 s by default). */
    private static final long ATTACH_CLEANUP_SECONDS = 12;

    @Override
    public JvmSession open(long pid, boolean jpruneRequired) throws CommandFailedException {
        VirtualMachineDescriptor descriptor = describe(pid);
        VirtualMachine vm = attach(descriptor);
        String address;
        try {
            if (jpruneRequired && mark(vm) == Mark.NONE) {
                throw new CommandFailedException("JVM " + pid + " (" + displayName(descriptor)
                        + ") is not running jprune; start it with -javaagent:jprune.jar");
            }
            address = vm.startLocalManagementAgent();
        } catch (IOException e) {
            throw new CommandFailedException("cannot start the local management agent in JVM " + pid + ": "
                    + JmxCalls.messageOf(e), e);
        } finally {
            detach(vm);
        }
        return connect(pid, address);
    }

    @Override
    public List<JpruneJvm> list() {
        long self = ProcessHandle.current().pid();
        List<VirtualMachineDescriptor> candidates = new ArrayList<>();
        for (VirtualMachineDescriptor descriptor : VirtualMachine.list()) {
            if (!descriptor.id().equals(Long.toString(self))) {
                candidates.add(descriptor);
            }
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(8, candidates.size())), runnable -> {
            Thread thread = new Thread(runnable, "jprune-list");
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<Optional<JpruneJvm>>> probes = new ArrayList<>();
            for (VirtualMachineDescriptor descriptor : candidates) {
                probes.add(pool.submit(() -> probe(descriptor)));
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(LIST_TIMEOUT_SECONDS);
            List<JpruneJvm> found = new ArrayList<>();
            for (Future<Optional<JpruneJvm>> probe : probes) {
                try {
                    probe.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS).ifPresent(found::add);
                } catch (ExecutionException | TimeoutException e) {
                    probe.cancel(true);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            found.sort(Comparator.comparingLong(JpruneJvm::pid));
            return found;
        } finally {
            pool.shutdownNow();
            awaitAttachCleanup(pool);
        }
    }

    /**
     * Lets a probe still attaching reach its own timeout: the Attach API deletes the {@code .attach_pid} trigger file
     * it creates in the target's working directory only when the attach call returns, so exiting under it would
     * leave that file behind in someone else's directory.
     */
    private static void awaitAttachCleanup(ExecutorService pool) {
        try {
            pool.awaitTermination(ATTACH_CLEANUP_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Looks at one JVM: only one that runs jprune gets its management agent started, to read its models. */
    private Optional<JpruneJvm> probe(VirtualMachineDescriptor descriptor) {
        long pid;
        try {
            pid = Long.parseLong(descriptor.id());
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        Mark mark;
        Optional<String> version;
        String address = null;
        try {
            VirtualMachine vm = VirtualMachine.attach(descriptor);
            try {
                mark = mark(vm);
                version = Optional.ofNullable(vm.getSystemProperties().getProperty(VERSION_PROPERTY));
                if (mark != Mark.NONE) {
                    address = vm.startLocalManagementAgent();
                }
            } finally {
                detach(vm);
            }
        } catch (AttachNotSupportedException | IOException | RuntimeException e) {
            return Optional.empty();
        }
        if (mark == Mark.NONE) {
            return Optional.empty();
        }
        List<String> models = null;
        try (JvmSession session = connect(pid, address)) {
            RemoteJprune jprune = new RemoteJprune(session);
            models = jprune.modelNames();
            if (version.isEmpty()) {
                version = Optional.of(String.valueOf(jprune.agent(AgentMXBean::getVersion)));
            }
        } catch (CommandFailedException | RuntimeException e) {
            if (mark == Mark.JAVAAGENT_ARGUMENT) {
                return Optional.empty(); // a jprune jar on the command line, but no active jprune behind it
            }
        }
        return Optional.of(new JpruneJvm(pid, version.orElse("?"), displayName(descriptor), models));
    }

    private static JvmSession connect(long pid, String address) throws CommandFailedException {
        try {
            JMXConnector connector = JMXConnectorFactory.connect(new JMXServiceURL(address));
            return new Session(pid, connector, connector.getMBeanServerConnection());
        } catch (IOException e) {
            throw new CommandFailedException("cannot connect to JVM " + pid + ": " + JmxCalls.messageOf(e), e);
        }
    }

    static VirtualMachineDescriptor describe(long pid) throws CommandFailedException {
        if (pid == ProcessHandle.current().pid()) {
            throw new CommandFailedException("pid " + pid + " is this jprune command itself");
        }
        if (ProcessHandle.of(pid).isEmpty()) {
            throw new CommandFailedException("no process with pid " + pid);
        }
        for (VirtualMachineDescriptor descriptor : VirtualMachine.list()) {
            if (descriptor.id().equals(Long.toString(pid))) {
                return descriptor;
            }
        }
        String command = ProcessHandle.of(pid).flatMap(process -> process.info().command()).orElse("");
        if (command.endsWith("/java") || command.endsWith("/javaw")) {
            throw new CommandFailedException("JVM " + pid + " does not accept attach: it was started with "
                    + "-XX:+DisableAttachMechanism (or -XX:-UsePerfData), or runs as another user (run jprune as the "
                    + "JVM's user)");
        }
        throw new CommandFailedException("process " + pid + (command.isEmpty() ? "" : " (" + command + ")")
                + " is not a JVM that this user can attach to (run jprune as the JVM's user)");
    }

    private static VirtualMachine attach(VirtualMachineDescriptor descriptor) throws CommandFailedException {
        try {
            return VirtualMachine.attach(descriptor);
        } catch (AttachNotSupportedException | IOException e) {
            throw new CommandFailedException("cannot attach to JVM " + descriptor.id() + ": " + JmxCalls.messageOf(e), e);
        }
    }

    /** How a JVM shows that it runs jprune, read without starting anything in it. */
    private enum Mark {
        /** The {@value #VERSION_PROPERTY} system property that jprune's agent sets. */
        SYSTEM_PROPERTY,
        /** A {@code -javaagent:} jar named like jprune on the JVM's command line: jprune is probably active. */
        JAVAAGENT_ARGUMENT,
        NONE
    }

    private static Mark mark(VirtualMachine vm) throws IOException {
        if (vm.getSystemProperties().getProperty(VERSION_PROPERTY) != null) {
            return Mark.SYSTEM_PROPERTY;
        }
        String jvmArguments = vm.getAgentProperties().getProperty("sun.jvm.args", "");
        return JPRUNE_JAVAAGENT.matcher(jvmArguments).find() ? Mark.JAVAAGENT_ARGUMENT : Mark.NONE;
    }

    static void detach(VirtualMachine vm) {
        try {
            vm.detach();
        } catch (IOException e) {
            // the attach connection is going away either way
        }
    }

    static String displayName(VirtualMachineDescriptor descriptor) {
        String name = descriptor.displayName();
        return name == null || name.isBlank() ? "unknown main class" : name;
    }

    /** One JMX connection, closed quietly: a command's result is already printed when it closes. */
    private record Session(long pid, JMXConnector connector, MBeanServerConnection mbeans) implements JvmSession {
        @Override
        public void close() {
            try {
                connector.close();
            } catch (IOException e) {
                // nothing left to do with a connection that fails to close
            }
        }
    }
}
