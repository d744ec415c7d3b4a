package io.jprune.agent.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;

/**
 * One model's MBean in the target JVM, called by operation name and signature (the agreed JMX surface), so that the
 * command line has no compile-time tie to the agent's interfaces. Each method names the PyTorch call it stands for.
 */
final class RemoteModel {

    private static final String STRING = String.class.getName();
    private static final String STRINGS = String[].class.getName();
    private static final String FLOATS = float[].class.getName();
    private static final String INT = int.class.getName();
    private static final String LONG = long.class.getName();

    private final MBeanServerConnection mbeans;
    private final ObjectName objectName;
    private final String name;

    RemoteModel(MBeanServerConnection mbeans, ObjectName objectName, String name) {
        this.mbeans = mbeans;
        this.objectName = objectName;
        this.name = name;
    }

    String name() {
        return name;
    }

    /** {@code model.named_modules()}. */
    List<ModuleInfo> namedModules() throws CommandFailedException {
        CompositeData[] items = (CompositeData[]) invoke("namedModules", new Object[0], new String[0]);
        List<ModuleInfo> modules = new ArrayList<>();
        for (CompositeData item : items) {
            modules.add(ModuleInfo.from(item));
        }
        return modules;
    }

    /** {@code module.named_parameters()}. */
    List<TensorInfo> namedParameters(String module) throws CommandFailedException {
        return TensorInfo.fromAll((CompositeData[]) invoke("namedParameters", new Object[] {module}, sig(STRING)));
    }

    /** {@code module.named_buffers()}. */
    List<TensorInfo> namedBuffers(String module) throws CommandFailedException {
        return TensorInfo.fromAll((CompositeData[]) invoke("namedBuffers", new Object[] {module}, sig(STRING)));
    }

    /** The flat row-major values of a parameter, buffer or pruned attribute such as {@code conv1.weight}. */
    float[] tensor(String qualifiedName) throws CommandFailedException {
        return (float[]) invoke("tensor", new Object[] {qualifiedName}, sig(STRING));
    }

    String describe(String module) throws CommandFailedException {
        return (String) invoke("describe", new Object[] {module}, sig(STRING));
    }

    /**
     * {@code prune.is_pruned(model)}. An MXBean turns {@code boolean isPruned()} into the attribute {@code Pruned};
     * an MBean that publishes it as an operation instead is asked that way.
     */
    boolean isPruned() throws CommandFailedException {
        boolean asAttribute = JmxCalls.call("reading the attributes of model " + name,
                () -> Arrays.stream(mbeans.getMBeanInfo(objectName).getAttributes())
                        .anyMatch(attribute -> attribute.getName().equals("Pruned")));
        if (asAttribute) {
            return (Boolean) JmxCalls.call("reading Pruned of model " + name,
                    () -> mbeans.getAttribute(objectName, "Pruned"));
        }
        return (Boolean) invoke("isPruned", new Object[0], new String[0]);
    }

    /** Indices of the slices along {@code dim} whose mask is entirely zero, ascending. */
    int[] prunedChannels(String param, int dim) throws CommandFailedException {
        return (int[]) invoke("prunedChannels", new Object[] {param, dim}, sig(STRING, INT));
    }

    String randomUnstructured(String param, String amount, long seed) throws CommandFailedException {
        return action("randomUnstructured", new Object[] {param, amount, seed}, sig(STRING, STRING, LONG));
    }

    String l1Unstructured(String param, String amount) throws CommandFailedException {
        return action("l1Unstructured", new Object[] {param, amount}, sig(STRING, STRING));
    }

    String l1Unstructured(String param, String amount, float[] importanceScores) throws CommandFailedException {
        return action("l1Unstructured", new Object[] {param, amount, importanceScores}, sig(STRING, STRING, FLOATS));
    }

    String randomStructured(String param, String amount, int dim, long seed) throws CommandFailedException {
        return action("randomStructured", new Object[] {param, amount, dim, seed}, sig(STRING, STRING, INT, LONG));
    }

    String lnStructured(String param, String amount, String n, int dim) throws CommandFailedException {
        return action("lnStructured", new Object[] {param, amount, n, dim}, sig(STRING, STRING, STRING, INT));
    }

    String lnStructured(String param, String amount, String n, int dim, float[] importanceScores)
            throws CommandFailedException {
        return action("lnStructured", new Object[] {param, amount, n, dim, importanceScores},
                sig(STRING, STRING, STRING, INT, FLOATS));
    }

    String globalUnstructured(String[] params, String method, String amount, long seed) throws CommandFailedException {
        return action("globalUnstructured", new Object[] {params, method, amount, seed},
                sig(STRINGS, STRING, STRING, LONG));
    }

    String customFromMask(String param, float[] mask) throws CommandFailedException {
        return action("customFromMask", new Object[] {param, mask}, sig(STRING, FLOATS));
    }

    String identity(String param) throws CommandFailedException {
        return action("identity", new Object[] {param}, sig(STRING));
    }

    /** {@code prune.remove}: make the pruning permanent. */
    String remove(String param) throws CommandFailedException {
        return action("remove", new Object[] {param}, sig(STRING));
    }

    /** Undo every pruning step on one parameter, bit for bit. */
    String restore(String param) throws CommandFailedException {
        return action("restore", new Object[] {param}, sig(STRING));
    }

    /** Undo every pruning step on every parameter of the model. */
    String restoreAll() throws CommandFailedException {
        return action("restore", new Object[0], new String[0]);
    }

    /** The structure report (open data): shapes now and after compaction, cut and dead channels, MACs, reasons. */
    CompositeData structure() throws CommandFailedException {
        return (CompositeData) invoke("structure", new Object[0], new String[0]);
    }

    /** Physical compaction of what is entirely pruned. */
    String compact() throws CommandFailedException {
        return action("compact", new Object[0], new String[0]);
    }

    private String action(String operation, Object[] params, String[] signature) throws CommandFailedException {
        return String.valueOf(invoke(operation, params, signature));
    }

    private Object invoke(String operation, Object[] params, String[] signature) throws CommandFailedException {
        return JmxCalls.call(operation + " on model " + name,
                () -> mbeans.invoke(objectName, operation, params, signature));
    }

    private static String[] sig(String... types) {
        return types;
    }
}
