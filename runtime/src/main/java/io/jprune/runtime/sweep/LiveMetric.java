package io.jprune.runtime.sweep;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import javax.management.JMException;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanServer;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;

/**
 * One of the app's own figures, read from an attribute of one of its MBeans ({@code demo:type=Inference/Accuracy}):
 * what a live sweep watches, because only the app knows what "good answers" means for it. Checked when made, so a
 * mistyped name is refused before anything changes, with the names that are there.
 */
public final class LiveMetric {
    private final MBeanServer server;
    private final ObjectName mbean;
    private final String attribute;

    private LiveMetric(MBeanServer server, ObjectName mbean, String attribute) {
        this.server = server;
        this.mbean = mbean;
        this.attribute = attribute;
    }

    /**
     * The metric named {@code objectName/Attribute} on this JVM's platform MBean server.
     *
     * @throws IllegalArgumentException naming what is wrong with {@code text}: its form, an MBean that is not
     *                                  registered (with the domain's MBeans), an attribute it lacks (with its
     *                                  attributes), or a value that is no number
     */
    public static LiveMetric parse(String text) {
        return parse(ManagementFactory.getPlatformMBeanServer(), text);
    }

    static LiveMetric parse(MBeanServer server, String text) {
        Objects.requireNonNull(server, "server");
        String trimmed = text == null ? "" : text.trim();
        int slash = trimmed.lastIndexOf('/');
        if (slash <= 0 || slash == trimmed.length() - 1) {
            throw new IllegalArgumentException("live metric must be an MBean and one of its attributes, as "
                    + "'domain:type=Name/Attribute' (e.g. 'demo:type=Inference/Accuracy'), got '" + trimmed + "'");
        }
        ObjectName name;
        try {
            name = new ObjectName(trimmed.substring(0, slash));
        } catch (MalformedObjectNameException e) {
            throw new IllegalArgumentException("live metric '" + trimmed + "': '" + trimmed.substring(0, slash)
                    + "' is not an MBean name (" + e.getMessage() + ")");
        }
        String attribute = trimmed.substring(slash + 1);
        if (!server.isRegistered(name)) {
            throw new IllegalArgumentException("live metric '" + trimmed + "': no MBean " + name + " in the app"
                    + namesIn(server, name.getDomain()));
        }
        LiveMetric metric = new LiveMetric(server, name, attribute);
        metric.checkAttribute(trimmed);
        return metric;
    }

    private void checkAttribute(String text) {
        List<String> numeric = new ArrayList<>();
        try {
            for (MBeanAttributeInfo info : server.getMBeanInfo(mbean).getAttributes()) {
                if (info.isReadable() && isNumber(info.getType())) {
                    numeric.add(info.getName());
                }
            }
        } catch (JMException e) {
            throw new IllegalArgumentException("live metric '" + text + "': cannot describe " + mbean + " ("
                    + e.getMessage() + ")");
        }
        if (!numeric.contains(attribute)) {
            throw new IllegalArgumentException("live metric '" + text + "': " + mbean + " has no number attribute '"
                    + attribute + "'; its number attributes are: " + String.join(", ", numeric));
        }
    }

    /** The metric's value now. */
    public double read() {
        try {
            return ((Number) server.getAttribute(mbean, attribute)).doubleValue();
        } catch (JMException | ClassCastException e) {
            throw new IllegalStateException("cannot read the live metric " + this + ": " + e.getMessage());
        }
    }

    @Override
    public String toString() {
        return mbean + "/" + attribute;
    }

    private static boolean isNumber(String type) {
        return Set.of("double", "float", "int", "long", "short", "byte", Double.class.getName(),
                Float.class.getName(), Integer.class.getName(), Long.class.getName(), Short.class.getName(),
                Byte.class.getName()).contains(type);
    }

    private static String namesIn(MBeanServer server, String domain) {
        Set<String> names = new TreeSet<>();
        try {
            server.queryNames(new ObjectName(domain + ":*"), null).forEach(n -> names.add(n.toString()));
        } catch (MalformedObjectNameException e) {
            return "";
        }
        return names.isEmpty() ? " (no MBean in domain '" + domain + "')" : "; MBeans in domain '" + domain + "': "
                + String.join(", ", names);
    }
}
