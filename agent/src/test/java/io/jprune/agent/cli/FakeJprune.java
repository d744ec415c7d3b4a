package io.jprune.agent.cli;

import java.util.List;
import java.util.Map;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.StandardMBean;

/** Registers a stand-in jprune (Agent MBean plus one Model MBean per name) in an MBean server, for tests. */
final class FakeJprune {

    private FakeJprune() {
    }

    static void register(MBeanServer server, Map<String, FakeModel> models) throws JMException {
        List<String> names = List.copyOf(models.keySet());
        FakeAgentMXBean agent = new FakeAgentMXBean() {
            @Override
            public String getVersion() {
                return "0.1.0-test";
            }

            @Override
            public String getOptions() {
                return "";
            }

            @Override
            public String[] getModels() {
                return names.toArray(new String[0]);
            }

            @Override
            public String getBackend() {
                return "cpu: libcuda.so.1 not found";
            }
        };
        server.registerMBean(new StandardMBean(agent, FakeAgentMXBean.class, true),
                new ObjectName("io.jprune:type=Agent"));
        for (Map.Entry<String, FakeModel> model : models.entrySet()) {
            server.registerMBean(new StandardMBean(model.getValue(), FakeModelMXBean.class, true),
                    new ObjectName("io.jprune:type=Model,name=" + model.getKey()));
        }
    }
}
