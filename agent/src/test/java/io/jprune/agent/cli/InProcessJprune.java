package io.jprune.agent.cli;

import io.jprune.agent.AgentOptions;
import io.jprune.agent.instrumentation.plain.PlainModuleDiscovery;
import io.jprune.agent.instrumentation.plain.PlainOptions;
import io.jprune.kernels.cpu.CpuKernels;
import io.jprune.runtime.jmx.AgentBean;
import io.jprune.runtime.jmx.MBeanPublisher;
import io.jprune.runtime.jmx.ModelBean;
import io.jprune.runtime.model.ModelRegistry;
import java.util.ArrayList;
import java.util.List;
import javax.management.MBeanServer;

/**
 * jprune's real Agent and Model MBeans ({@link AgentBean}, {@link io.jprune.runtime.jmx.ModelBean}) in an MBean
 * server, over models found by the plain adapter, as the agent publishes them: the command line's tests run against
 * the beans users reach, not a stand-in that re-implements them.
 */
final class InProcessJprune {
    private final CpuKernels kernels = new CpuKernels();
    private final ModelRegistry registry;
    private final PlainModuleDiscovery discovery = new PlainModuleDiscovery(
            AgentOptions.parse("modules=io.jprune.testmodels.*").configuration(PlainOptions.class), null);
    /** The models' roots: the registry holds them weakly, as it holds an app's. */
    private final List<Object> roots = new ArrayList<>();

    /** Publishes the Agent MBean, reporting version {@code 0.1.0-test} on the CPU. */
    InProcessJprune(MBeanServer server) {
        MBeanPublisher publisher = new MBeanPublisher(server, kernels);
        registry = new ModelRegistry(publisher);
        publisher.publishAgent(new AgentBean("0.1.0-test", "", "cpu: libcuda.so.1 not found", registry));
    }

    /** Finds {@code root} as a model, which publishes its Model MBean; returns the name it is known by. */
    String add(Object root) {
        roots.add(root);
        return registry.rootModel(root, discovery).name();
    }

    /** A bean of its own on the named model, to compare what the command line shows with what the model says. */
    ModelBean bean(String name) {
        return new ModelBean(registry.model(name), kernels);
    }
}
