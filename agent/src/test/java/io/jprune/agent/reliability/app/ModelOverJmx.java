package io.jprune.agent.reliability.app;

import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;

/**
 * A model's jprune MBean in this JVM's platform MBean server, called by operation name as a console calls it; for
 * the drivers that run inside the app's JVM.
 */
final class ModelOverJmx {
    static final List<String> WEIGHTS = List.of("conv1.weight", "conv1.bias", "conv2.weight", "conv2.bias",
            "fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias", "fc3.weight", "fc3.bias");

    private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    private final ObjectName name;

    ModelOverJmx(String model) throws Exception {
        this.name = new ObjectName("io.jprune:type=Model,name=" + model);
    }

    boolean isRegistered() {
        return server.isRegistered(name);
    }

    /** Invokes an operation; the argument types give the signature. */
    Object invoke(String operation, Object... args) throws Exception {
        String[] signature = new String[args.length];
        for (int i = 0; i < args.length; i++) {
            Object arg = args[i];
            signature[i] = arg instanceof Integer ? "int" : arg instanceof Long ? "long" : arg.getClass().getName();
        }
        try {
            return server.invoke(name, operation, args, signature);
        } catch (javax.management.RuntimeMBeanException e) {
            throw e.getTargetException();
        }
    }

    String call(String operation, Object... args) throws Exception {
        return (String) invoke(operation, args);
    }

    /** The effective value of every weight, as the app computes with it in the published state. */
    Map<String, float[]> effectiveWeights() throws Exception {
        Map<String, float[]> weights = new LinkedHashMap<>();
        for (String weight : WEIGHTS) {
            weights.put(weight, (float[]) invoke("tensor", weight));
        }
        return weights;
    }

    /** {@code named_buffers()} of the whole model: name to number of pruned entries. */
    Map<String, Long> maskZeros() throws Exception {
        Map<String, Long> zeros = new LinkedHashMap<>();
        for (CompositeData row : (CompositeData[]) invoke("namedBuffers", "")) {
            zeros.put((String) row.get("name"), (Long) row.get("zeros"));
        }
        return zeros;
    }
}
