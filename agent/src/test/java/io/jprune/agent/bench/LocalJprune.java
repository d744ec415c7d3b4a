package io.jprune.agent.bench;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.List;
import javax.management.JMException;
import javax.management.MBeanException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * The jprune of this JVM as a user's tooling reaches it: through the platform MBean server, by operation
 * name. The benchmarks never link against jprune's classes, so that the agent they measure is exactly the
 * shaded {@code jprune.jar} a user would attach, not classes from the build tree.
 */
final class LocalJprune {
    private static final String STRING = String.class.getName();
    private static final ObjectName AGENT = objectName("io.jprune:type=Agent");

    private final MBeanServer server;
    private final ObjectName model;

    private LocalJprune(MBeanServer server, ObjectName model) {
        this.server = server;
        this.model = model;
    }

    /** Whether a jprune agent started in this JVM; an inactive agent (bad options, failed start) registers nothing. */
    static boolean agentActive() {
        return ManagementFactory.getPlatformMBeanServer().isRegistered(AGENT);
    }

    /** The agent's options as it reports them, every option spelled out: {@code modules=*,forward=forward,...}. */
    static String agentOptions() {
        try {
            return (String) ManagementFactory.getPlatformMBeanServer().getAttribute(AGENT, "Options");
        } catch (JMException e) {
            throw new IllegalStateException("cannot read the agent's options: " + e, e);
        }
    }

    /**
     * The model of that name, which jprune registers at its first forward; fails naming the models jprune does
     * know, so that a benchmark never runs on a model jprune did not find.
     */
    static LocalJprune model(String name) {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName model = objectName("io.jprune:type=Model,name=" + name);
        if (!server.isRegistered(model)) {
            String known;
            try {
                known = Arrays.toString((String[]) server.getAttribute(AGENT, "Models"));
            } catch (JMException e) {
                known = "unknown (" + e + ")";
            }
            throw new IllegalStateException("jprune has no model " + name + " after its first forward; models: "
                    + known);
        }
        return new LocalJprune(server, model);
    }

    /** {@code prune.l1_unstructured(module, name, amount)}; returns jprune's one-line summary. */
    String l1Unstructured(String param, String amount) {
        return (String) invoke("l1Unstructured", new Object[] {param, amount}, STRING, STRING);
    }

    /** {@code prune.global_unstructured(parameters, L1Unstructured, amount)}: one change, one ranking over all. */
    String globalL1Unstructured(List<String> params, String amount) {
        return (String) invoke("globalUnstructured", new Object[] {String.join(",", params), "l1", amount, 0L},
                STRING, STRING, STRING, long.class.getName());
    }

    /** Undoes every prune of the model in one change. */
    String restoreAll() {
        return (String) invoke("restore", new Object[0]);
    }

    /** The values of a tensor as jprune lists them. */
    float[] tensor(String name) {
        return (float[]) invoke("tensor", new Object[] {name}, STRING);
    }

    /** Undoes every prune of {@code param}: the app gets its own array back. */
    String restore(String param) {
        return (String) invoke("restore", new Object[] {param}, STRING);
    }

    private Object invoke(String operation, Object[] arguments, String... signature) {
        try {
            return server.invoke(model, operation, arguments, signature);
        } catch (MBeanException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new IllegalStateException(operation + Arrays.toString(arguments) + " failed: " + cause, cause);
        } catch (JMException e) {
            throw new IllegalStateException(operation + Arrays.toString(arguments) + " failed: " + e, e);
        }
    }

    private static ObjectName objectName(String text) {
        try {
            return new ObjectName(text);
        } catch (JMException e) {
            throw new IllegalArgumentException(text, e);
        }
    }
}
