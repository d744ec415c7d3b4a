package io.jprune.agent.cli;

import io.jprune.runtime.jmx.AgentMXBean;
import io.jprune.runtime.jmx.ModelMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import javax.management.JMX;
import javax.management.MBeanServerConnection;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;

/**
 * jprune's MBeans in one JVM ({@code io.jprune:type=Agent} and {@code io.jprune:type=Model,name=...}), reached
 * through MXBean proxies of {@link AgentMXBean} and {@link ModelMXBean}, the interfaces the agent publishes, so that
 * the JDK's MXBean mapping, not the command line, turns open data back into jprune's types.
 */
final class RemoteJprune {

    static final ObjectName AGENT = objectName("io.jprune:type=Agent");
    private static final ObjectName ALL_MODELS = objectName("io.jprune:type=Model,*");

    private final JvmSession session;

    RemoteJprune(JvmSession session) {
        this.session = session;
    }

    /** Reads or calls the Agent MBean, once it is known to be there; failures are explained as for a model. */
    <T> T agent(Function<AgentMXBean, T> call) throws CommandFailedException {
        requireAgent();
        AgentMXBean agent = JMX.newMXBeanProxy(session.mbeans(), AGENT, AgentMXBean.class);
        return JmxCalls.call(AGENT.toString(), () -> call.apply(agent));
    }

    /** The live models, in the order the agent reports them. */
    List<String> modelNames() throws CommandFailedException {
        String[] names = agent(AgentMXBean::getModels);
        return names == null ? List.of() : List.of(names);
    }

    /**
     * The model to work on: the one named, or the only one. With several models and none named, the caller must
     * choose, which is a usage error rather than a guess.
     */
    RemoteModel model(Optional<String> requested) throws CommandFailedException, UsageException {
        List<String> names = modelNames();
        String name;
        if (requested.isPresent()) {
            name = requested.get();
            if (!names.contains(name)) {
                throw new CommandFailedException("no model named '" + name + "' in JVM " + session.pid()
                        + (names.isEmpty() ? " (jprune has found no model yet)" : "; its models: " + String.join(", ", names)));
            }
        } else if (names.isEmpty()) {
            throw new CommandFailedException("jprune in JVM " + session.pid()
                    + " has found no model yet (a model is found when the application first calls its forward method)");
        } else if (names.size() > 1) {
            throw new UsageException("JVM " + session.pid() + " has " + names.size() + " models ("
                    + String.join(", ", names) + "); choose one with --model NAME");
        } else {
            name = names.get(0);
        }
        return modelNamed(name);
    }

    /** A model the agent has listed, by name. */
    RemoteModel modelNamed(String name) throws CommandFailedException {
        return new RemoteModel(name, JMX.newMXBeanProxy(session.mbeans(), modelObjectName(name), ModelMXBean.class,
                true));
    }

    /**
     * Finds the model's MBean by its {@code name} key, whether the agent quoted the value or not; falls back to the
     * agreed spelling if the query finds none (the call then fails with a clear "no such MBean").
     */
    private ObjectName modelObjectName(String name) throws CommandFailedException {
        List<ObjectName> candidates = new ArrayList<>(JmxCalls.call("listing jprune models",
                () -> session.mbeans().queryNames(ALL_MODELS, null)));
        for (ObjectName candidate : candidates) {
            String key = candidate.getKeyProperty("name");
            if (key != null && (key.equals(name) || (key.startsWith("\"") && ObjectName.unquote(key).equals(name)))) {
                return candidate;
            }
        }
        boolean needsQuoting = name.chars().anyMatch(c -> ",=:\"*?\n".indexOf(c) >= 0);
        return objectName("io.jprune:type=Model,name=" + (needsQuoting ? ObjectName.quote(name) : name));
    }

    private void requireAgent() throws CommandFailedException {
        boolean registered = JmxCalls.call("looking for " + AGENT, () -> session.mbeans().isRegistered(AGENT));
        if (!registered) {
            throw new CommandFailedException("JVM " + session.pid() + " is not running jprune (no " + AGENT
                    + " MBean); start it with -javaagent:jprune.jar");
        }
    }

    static ObjectName objectName(String text) {
        try {
            return new ObjectName(text);
        } catch (MalformedObjectNameException e) {
            throw new IllegalArgumentException("not an ObjectName: " + text + " (" + e.getMessage() + ")", e);
        }
    }
}
