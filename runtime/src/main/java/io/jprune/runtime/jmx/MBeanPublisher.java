package io.jprune.runtime.jmx;

import io.jprune.kernels.Kernels;
import io.jprune.runtime.diagnostics.DiagnosticLog;
import io.jprune.runtime.model.Model;
import io.jprune.runtime.model.ModelRegistry;
import java.util.Objects;
import javax.management.InstanceNotFoundException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;

/**
 * Keeps the MBean server in step with the registry: an {@code io.jprune:type=Model,name=NAME} MBean for every
 * live model, gone when the model goes. Failures are logged and swallowed, since JMX trouble must never
 * reach the app.
 */
public final class MBeanPublisher implements ModelRegistry.Listener {
    /** The ObjectName of the agent's own MBean. */
    public static final String AGENT_OBJECT_NAME = "io.jprune:type=Agent";

    private final MBeanServer server;
    private final Kernels kernels;

    /**
     * @param server  where the MBeans go (the platform server in an agent)
     * @param kernels where the models' masks are computed
     */
    public MBeanPublisher(MBeanServer server, Kernels kernels) {
        this.server = Objects.requireNonNull(server, "server");
        this.kernels = Objects.requireNonNull(kernels, "kernels");
    }

    /** The ObjectName of a model's MBean. */
    public static ObjectName modelObjectName(String modelName) {
        try {
            return new ObjectName("io.jprune:type=Model,name=" + quoteIfNeeded(modelName));
        } catch (MalformedObjectNameException e) {
            throw new IllegalArgumentException("model name '" + modelName + "' cannot be an ObjectName value", e);
        }
    }

    private static String quoteIfNeeded(String value) {
        for (char c : value.toCharArray()) {
            if (",=:\"*?\n".indexOf(c) >= 0) {
                return ObjectName.quote(value);
            }
        }
        return value;
    }

    /** Registers the agent's MBean; logs and carries on if it cannot. */
    public void publishAgent(AgentBean agent) {
        try {
            server.registerMBean(new DescribedMBean<>(agent.pruningOn(kernels), AgentMXBean.class),
                    new ObjectName(AGENT_OBJECT_NAME));
        } catch (JMException | RuntimeException e) {
            DiagnosticLog.failureOnce("registering MBean " + AGENT_OBJECT_NAME, e);
        }
    }

    @Override
    public void modelRegistered(Model model) {
        ObjectName name = modelObjectName(model.name());
        try {
            ModelBean bean = new ModelBean(model, kernels, new ChangeNotifications(name));
            server.registerMBean(new DescribedMBean<>(bean, ModelMXBean.class, bean.notifications()), name);
            DiagnosticLog.debug("registered MBean " + name);
        } catch (JMException | RuntimeException e) {
            DiagnosticLog.failureOnce("registering MBean " + name, e);
        }
    }

    @Override
    public void modelUnregistered(Model model) {
        ObjectName name = modelObjectName(model.name());
        try {
            server.unregisterMBean(name);
        } catch (InstanceNotFoundException e) {
            // never registered (registration failed earlier): nothing to undo
        } catch (JMException | RuntimeException e) {
            DiagnosticLog.failureOnce("unregistering MBean " + name, e);
        }
    }
}
