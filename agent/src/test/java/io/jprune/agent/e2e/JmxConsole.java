package io.jprune.agent.e2e;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.management.MBeanException;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.RuntimeMBeanException;
import javax.management.openmbean.CompositeData;

/**
 * Calls operations the way a generic JMX console does: by name, with the signature spelled out as type
 * names, seeing only open types ({@code CompositeData}, arrays, strings) and standard exceptions.
 */
public final class JmxConsole {
    private final MBeanServerConnection connection;
    private final ObjectName bean;

    /** A console on {@code bean} over {@code connection}. */
    public JmxConsole(MBeanServerConnection connection, ObjectName bean) {
        this.connection = connection;
        this.bean = bean;
    }

    /** Invokes an operation, the signature taken from the arguments' types; rethrows the bean's own exception. */
    public Object invoke(String operation, Object... args) throws Exception {
        String[] signature = new String[args.length];
        for (int i = 0; i < args.length; i++) {
            signature[i] = typeName(args[i]);
        }
        try {
            return connection.invoke(bean, operation, args, signature);
        } catch (RuntimeMBeanException e) {
            throw e.getTargetException();
        } catch (MBeanException e) {
            throw e.getTargetException();
        }
    }

    /** As {@link #invoke}, with the signature spelled out: for {@code null} arguments, whose type cannot be seen. */
    public Object invokeTyped(String operation, String[] signature, Object... args) throws Exception {
        try {
            return connection.invoke(bean, operation, args, signature);
        } catch (RuntimeMBeanException e) {
            throw e.getTargetException();
        } catch (MBeanException e) {
            throw e.getTargetException();
        }
    }

    /** The exception an operation fails with, as "SimpleName: message"; fails if the operation succeeds. */
    public String error(String operation, Object... args) throws Exception {
        String[] signature = new String[args.length];
        for (int i = 0; i < args.length; i++) {
            signature[i] = typeName(args[i]);
        }
        return errorTyped(operation, signature, args);
    }

    /** As {@link #error}, with the signature spelled out. */
    public String errorTyped(String operation, String[] signature, Object... args) throws Exception {
        Object result;
        try {
            result = invokeTyped(operation, signature, args);
        } catch (RuntimeException e) {
            if (!e.getClass().getName().startsWith("java.")) {
                throw new AssertionError("a non-JDK exception type reached the console: " + e.getClass(), e);
            }
            return e.getClass().getSimpleName() + ": " + e.getMessage();
        }
        throw new AssertionError(operation + " was expected to fail but returned " + result);
    }

    /** An operation returning text, such as a prune's summary. */
    public String string(String operation, Object... args) throws Exception {
        return (String) invoke(operation, args);
    }

    /** The values of a tensor by qualified name. */
    public float[] tensor(String name) throws Exception {
        return (float[]) invoke("tensor", name);
    }

    /** The values of several tensors, by qualified name, in the order given. */
    public Map<String, float[]> tensors(List<String> names) throws Exception {
        Map<String, float[]> tensors = new LinkedHashMap<>();
        for (String name : names) {
            tensors.put(name, tensor(name));
        }
        return tensors;
    }

    /** An operation returning a listing. */
    public CompositeData[] rows(String operation, Object... args) throws Exception {
        return (CompositeData[]) invoke(operation, args);
    }

    /** The {@code name} item of every row. */
    public List<String> names(String operation, Object... args) throws Exception {
        List<String> names = new ArrayList<>();
        for (CompositeData row : rows(operation, args)) {
            names.add((String) row.get("name"));
        }
        return names;
    }

    /** An attribute of the bean. */
    public Object attribute(String name) throws Exception {
        return connection.getAttribute(bean, name);
    }

    private static String typeName(Object arg) {
        if (arg instanceof String) {
            return String.class.getName();
        }
        if (arg instanceof Long) {
            return long.class.getName();
        }
        if (arg instanceof Integer) {
            return int.class.getName();
        }
        if (arg instanceof float[]) {
            return float[].class.getName();
        }
        if (arg instanceof String[]) {
            return String[].class.getName();
        }
        throw new IllegalArgumentException("no JMX signature for " + arg);
    }
}
