package io.jprune.agent.cli;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.management.MBeanAttributeInfo;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;

/**
 * {@code attribute <pid> <objectName> <attribute>}: reads any MBean attribute of a local JVM, so that a script can
 * watch what the application itself reports (its accuracy, its latency) next to what jprune changed, without a
 * second tool. Works on any JVM, with or without jprune; prints the bare value, one line.
 */
final class AttributeCommand implements Command {

    @Override
    public String name() {
        return "attribute";
    }

    @Override
    public String synopsis() {
        return "attribute <pid> <objectName> <attribute>";
    }

    @Override
    public String summary() {
        return "read any MBean attribute, e.g. attribute <pid> demo:type=Inference Accuracy";
    }

    @Override
    public Set<String> options() {
        return Set.of();
    }

    @Override
    public void run(CommandLine line, CliEnvironment environment) throws UsageException, CommandFailedException {
        long pid = line.pid();
        line.expectPositionals(3, 3, synopsis());
        ObjectName objectName;
        try {
            objectName = new ObjectName(line.positionals().get(1));
        } catch (MalformedObjectNameException e) {
            throw new UsageException("'" + line.positionals().get(1) + "' is not an ObjectName: " + e.getMessage());
        }
        String attribute = line.positionals().get(2);
        try (JvmSession session = environment.connector().open(pid, false)) {
            boolean registered = JmxCalls.call("looking for " + objectName,
                    () -> session.mbeans().isRegistered(objectName));
            if (!registered) {
                throw new CommandFailedException("JVM " + pid + " has no MBean " + objectName);
            }
            checkAttribute(session, objectName, attribute);
            Object value = JmxCalls.call("reading " + attribute + " of " + objectName,
                    () -> session.mbeans().getAttribute(objectName, attribute));
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("objectName", objectName.toString());
            json.put("attribute", attribute);
            json.put("value", value);
            environment.println(line.json(), json, text(value));
        }
    }

    /** Refuses an attribute the MBean does not have, naming the nearest and listing those it has. */
    private static void checkAttribute(JvmSession session, ObjectName objectName, String attribute)
            throws CommandFailedException {
        MBeanAttributeInfo[] infos = JmxCalls.call("reading the attributes of " + objectName,
                () -> session.mbeans().getMBeanInfo(objectName).getAttributes());
        List<String> names = Arrays.stream(infos).map(MBeanAttributeInfo::getName).toList();
        if (!names.contains(attribute)) {
            throw new CommandFailedException(objectName + " has no attribute '" + attribute + "'"
                    + Suggestions.didYouMean(attribute, names, "") + "; its attributes are: "
                    + (names.isEmpty() ? "(none)" : String.join(", ", names)));
        }
    }

    private static String text(Object value) {
        if (value instanceof Object[] array) {
            return Arrays.deepToString(array);
        }
        if (value instanceof int[] ints) {
            return Arrays.toString(ints);
        }
        if (value instanceof long[] longs) {
            return Arrays.toString(longs);
        }
        if (value instanceof float[] floats) {
            return Arrays.toString(floats);
        }
        if (value instanceof double[] doubles) {
            return Arrays.toString(doubles);
        }
        return String.valueOf(value);
    }
}
