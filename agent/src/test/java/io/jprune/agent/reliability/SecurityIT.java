package io.jprune.agent.reliability;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jprune.agent.e2e.DemoApp;
import io.jprune.agent.e2e.JmxConsole;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import javax.management.MBeanOperationInfo;
import javax.management.MBeanParameterInfo;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * jprune opens no network port: the demo holds exactly the network sockets with the agent as without it (none),
 * checked in {@code /proc} with no JMX client attached. Where the app's owner enables remote JMX with the JDK's
 * password and access files, the JDK's standard roles apply unweakened: the read-only {@code monitorRole} reads
 * every jprune attribute (the model's listings, whether it is pruned, the agent's state) and is refused every
 * operation, since the JDK's access controller treats every invoke as a write (inspections included); the
 * {@code controlRole} may do everything. Every operation that changes weights has impact ACTION and every
 * inspection INFO, as seen over the connection.
 */
class SecurityIT {
    private static final Duration STARTUP = Duration.ofSeconds(90);
    private static final Set<String> CHANGES_WEIGHTS = Set.of("randomUnstructured", "l1Unstructured",
            "randomStructured", "lnStructured", "globalUnstructured", "customFromMask", "customFromMasks", "identity",
            "remove", "restore", "compact", "liveSweep");
    private static final Set<String> INSPECTIONS = Set.of("namedModules", "namedParameters", "namedBuffers", "tensor",
            "describe", "prunedChannels", "structure", "forward", "tensorText", "structureText", "forwardText",
            "pruningHistory", "sweep", "cancelSweep", "exportModel");
    private static final String MONITOR_PASSWORD = "monitor-secret";
    private static final String CONTROL_PASSWORD = "control-secret";

    @Test
    void theAgentOpensNoNetworkSocket() throws Exception {
        Assumptions.assumeTrue(ListeningSockets.readable(), "needs Linux's /proc to see a process's sockets");
        try (DemoApp without = DemoApp.Launch.demo().withoutAgent().start("--threads", "1", "--report-ms", "200");
             DemoApp with = DemoApp.Launch.demo().start("--threads", "1", "--report-ms", "200")) {
            with.await("jprune to find the model", STARTUP, () -> with.output().contains("[jprune] found model LeNet"));
            for (DemoApp app : List.of(without, with)) {
                app.await("a completed pass", STARTUP, () -> app.output().contains("jprune-demo: accuracy 9"));
            }
            List<String> withoutAgent = ListeningSockets.networkSockets(without.pid());
            List<String> withAgent = ListeningSockets.networkSockets(with.pid());
            System.out.printf("network sockets of the demo without jprune: %s, with jprune: %s%n", withoutAgent,
                    withAgent);
            assertEquals(List.of(), withoutAgent);
            assertEquals(withoutAgent, withAgent, "jprune must not open any network socket");
        }
    }

    @Test
    void remoteJmxRolesApplyAsTheJdkDefinesThemAndImpactsTellChangesFromInspections() throws Exception {
        Path work = Files.createTempDirectory(Paths.get(System.getProperty("it.work", "target/it")), "jmx-roles-");
        Path passwords = ownerOnly(work.resolve("jmxremote.password"),
                "monitorRole " + MONITOR_PASSWORD + "\ncontrolRole " + CONTROL_PASSWORD + "\n");
        Path access = ownerOnly(work.resolve("jmxremote.access"), "monitorRole readonly\ncontrolRole readwrite\n");
        int port = freePort();
        try (DemoApp app = DemoApp.Launch.demo().jvmArgs(
                "-Dcom.sun.management.jmxremote.port=" + port,
                "-Dcom.sun.management.jmxremote.rmi.port=" + port,
                "-Dcom.sun.management.jmxremote.host=127.0.0.1",
                "-Djava.rmi.server.hostname=127.0.0.1",
                "-Dcom.sun.management.jmxremote.ssl=false",
                "-Dcom.sun.management.jmxremote.registry.ssl=false",
                "-Dcom.sun.management.jmxremote.authenticate=true",
                "-Dcom.sun.management.jmxremote.password.file=" + passwords,
                "-Dcom.sun.management.jmxremote.access.file=" + access)
                .start("--threads", "1", "--report-ms", "60000");
             JMXConnector control = connect(app, port, "controlRole", CONTROL_PASSWORD);
             JMXConnector monitor = connect(app, port, "monitorRole", MONITOR_PASSWORD)) {
            ObjectName modelName = new ObjectName("io.jprune:type=Model,name=LeNet");
            ObjectName agentName = new ObjectName("io.jprune:type=Agent");
            MBeanServerConnection asControl = control.getMBeanServerConnection();
            MBeanServerConnection asMonitor = monitor.getMBeanServerConnection();
            app.await("the LeNet model MBean", STARTUP, () -> registered(asControl, modelName));
            JmxConsole controlModel = new JmxConsole(asControl, modelName);
            JmxConsole monitorModel = new JmxConsole(asMonitor, modelName);
            if (ListeningSockets.readable()) {
                List<String> sockets = ListeningSockets.networkSockets(app.pid());
                assertTrue(sockets.stream().anyMatch(s -> s.endsWith("LISTEN") && ListeningSockets.port(s) == port),
                        "the socket check sees the port the app's owner opened: " + sockets);
            }

            impactsTellChangesFromInspections(asMonitor.getMBeanInfo(modelName).getOperations(), "Model");
            impactsTellChangesFromInspections(asMonitor.getMBeanInfo(agentName).getOperations(), "Agent");

            assertEquals("conv1.weight: l1_unstructured amount=0.5 -> 27 of 54 pruned (50.0%)",
                    controlModel.string("l1Unstructured", "conv1.weight", "0.5"));
            ModelSnapshot before = ModelSnapshot.of(controlModel, RunningDemo.WEIGHTS);

            monitorReadsEveryAttribute(asMonitor, asControl, modelName, agentName);
            monitorIsRefusedEveryOperation(asMonitor, modelName, agentName);
            assertNull(before.differenceFrom(ModelSnapshot.of(controlModel, RunningDemo.WEIGHTS)),
                    "the refused calls changed nothing");

            assertEquals("LeNet: restored 1 parameter: conv1.weight", controlModel.string("restore"));
            assertEquals(List.of(), controlModel.names("namedBuffers", ""));
            assertEquals(0, ((CompositeData[]) monitorModel.attribute("NamedBuffers")).length);
        }
    }

    /** The JDK's password and access files must be readable by their owner only, or the JVM refuses to start. */
    private static Path ownerOnly(Path file, String content) throws IOException {
        Files.writeString(file, content);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return file;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static JMXConnector connect(DemoApp app, int port, String role, String password) throws Exception {
        JMXServiceURL url = new JMXServiceURL("service:jmx:rmi:///jndi/rmi://127.0.0.1:" + port + "/jmxrmi");
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (true) {
            try {
                return JMXConnectorFactory.connect(url, Map.of(JMXConnector.CREDENTIALS, new String[] {role, password}));
            } catch (IOException notUpYet) {
                if (System.nanoTime() > deadline || !app.isAlive()) {
                    throw new AssertionError("cannot connect as " + role + "; the app's output:\n" + app.output(),
                            notUpYet);
                }
                Thread.sleep(200);
            }
        }
    }

    private static void impactsTellChangesFromInspections(MBeanOperationInfo[] operations, String bean) {
        Map<String, String> wrong = new TreeMap<>();
        for (MBeanOperationInfo operation : operations) {
            String name = operation.getName();
            int expected = CHANGES_WEIGHTS.contains(name) ? MBeanOperationInfo.ACTION
                    : INSPECTIONS.contains(name) ? MBeanOperationInfo.INFO : -1;
            if (expected == -1) {
                wrong.put(bean + "." + name, "unclassified: add it to CHANGES_WEIGHTS or INSPECTIONS of this test");
            } else if (operation.getImpact() != expected) {
                wrong.put(bean + "." + name, "impact " + operation.getImpact() + ", expected " + expected);
            }
        }
        assertEquals(Map.of(), wrong, "operations whose impact does not say whether they change weights");
    }

    private static void monitorReadsEveryAttribute(MBeanServerConnection asMonitor, MBeanServerConnection asControl,
                                                   ObjectName model, ObjectName agent) throws Exception {
        assertEquals(Boolean.TRUE, asMonitor.getAttribute(model, "Pruned"));
        assertEquals(names((CompositeData[]) asControl.invoke(model, "namedModules", new Object[0], new String[0])),
                names((CompositeData[]) asMonitor.getAttribute(model, "NamedModules")));
        CompositeData[] parameters = (CompositeData[]) asMonitor.getAttribute(model, "NamedParameters");
        assertEquals(names((CompositeData[]) asControl.invoke(model, "namedParameters", new Object[] {""},
                new String[] {String.class.getName()})), names(parameters));
        assertEquals("conv1.weight_orig", parameters[1].get("name"));
        CompositeData[] buffers = (CompositeData[]) asMonitor.getAttribute(model, "NamedBuffers");
        assertEquals(List.of("conv1.weight_mask"), names(buffers));
        assertEquals(27L, buffers[0].get("zeros"));
        assertArrayEquals(new String[] {"LeNet"}, (String[]) asMonitor.getAttribute(agent, "Models"));
        assertEquals("", asMonitor.getAttribute(agent, "Plan"), "no plan given: the read-only role reads it empty");
        for (String attribute : List.of("Version", "Options", "Backend")) {
            assertTrue(((String) asMonitor.getAttribute(agent, attribute)).length() > 0, attribute);
        }
    }

    private static void monitorIsRefusedEveryOperation(MBeanServerConnection asMonitor, ObjectName model,
                                                       ObjectName agent) throws Exception {
        List<String> allowed = new ArrayList<>();
        int refused = 0;
        for (ObjectName bean : List.of(model, agent)) {
            for (MBeanOperationInfo operation : asMonitor.getMBeanInfo(bean).getOperations()) {
                MBeanParameterInfo[] parameters = operation.getSignature();
                Object[] args = new Object[parameters.length];
                String[] signature = new String[parameters.length];
                for (int i = 0; i < parameters.length; i++) {
                    signature[i] = parameters[i].getType();
                    args[i] = plausible(parameters[i].getName(), signature[i]);
                }
                SecurityException denied = assertThrows(SecurityException.class,
                        () -> asMonitor.invoke(bean, operation.getName(), args, signature),
                        () -> "monitorRole may not invoke " + operation.getName());
                if (!denied.getMessage().startsWith("Access denied!")) {
                    allowed.add(operation.getName() + ": " + denied.getMessage());
                }
                refused++;
            }
        }
        assertEquals(List.of(), allowed, "refusals must be the JDK's own");
        System.out.printf("monitorRole: every attribute readable, all %d operations refused by the JDK%n", refused);
    }

    /** An argument that would make the operation succeed, had the role been allowed to call it. */
    private static Object plausible(String name, String type) {
        return switch (type) {
            case "int" -> 0;
            case "long" -> 1L;
            case "[F" -> new float[54];
            case "[Ljava.lang.String;" -> new String[] {"conv2.weight", "fc1.weight"};
            default -> switch (name) {
                case "amount" -> "0.5";
                case "n" -> "2";
                case "method" -> "l1";
                case "module" -> "";
                case "name", "param" -> "conv1.weight";
                default -> "LeNet.fc1.weight";
            };
        };
    }

    private static List<String> names(CompositeData[] rows) {
        List<String> names = new ArrayList<>();
        for (CompositeData row : rows) {
            names.add((String) row.get("name"));
        }
        return names;
    }

    private static boolean registered(MBeanServerConnection connection, ObjectName name) {
        try {
            return connection.isRegistered(name);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
