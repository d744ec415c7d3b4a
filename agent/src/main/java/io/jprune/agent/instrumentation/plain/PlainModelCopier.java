package io.jprune.agent.instrumentation.plain;

import io.jprune.agent.instrumentation.forward.ForwardMethods;
import io.jprune.runtime.spi.ForwardInvoker;
import io.jprune.runtime.spi.ModelCopier;
import io.jprune.runtime.spi.ModuleNode;
import io.jprune.runtime.spi.ParameterHandle;
import io.jprune.runtime.spi.PrivateCopy;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import sun.reflect.ReflectionFactory;

/**
 * Private copies of a plain-Java model: a new object of each module's class (made without running a
 * constructor, so no app code runs), with every field copied from the app's module, except that fields holding
 * modules, or arrays, lists and maps of modules, point to the copies. Parameter arrays are shared until the
 * sweep sets a copy's field to its own array: the app's arrays are never written, by jprune or, as the forward
 * of a model only reads its weights, by the copy.
 *
 * <p>Other objects a module holds (a scratch buffer, a counter) are shared with the app's module, as they are
 * when jprune replays inputs through the app's own forward for the structure analysis. A module whose fields
 * cannot be written (a record, a hidden class, a class of the JDK) makes the model uncopyable, with that reason.
 */
final class PlainModelCopier implements ModelCopier {
    private final FieldAccess access;
    private final ForwardInvoker forward;

    PlainModelCopier(FieldAccess access, ForwardInvoker forward) {
        this.access = access;
        this.forward = forward;
    }

    @Override
    public PrivateCopy copy(Object root, ModuleNode tree) {
        Map<Object, Object> copies = new IdentityHashMap<>();
        for (ModuleNode node : tree.namedModules()) {
            Object module = node.module();
            if (module == null) {
                throw new UnsupportedOperationException("the app no longer holds module '" + node.name() + "'");
            }
            if (!isContainer(module)) {
                copies.put(module, allocate(module.getClass()));
            }
        }
        for (Map.Entry<Object, Object> entry : copies.entrySet()) {
            copyFields(entry.getKey(), entry.getValue(), copies);
        }
        Map<String, CopiedParameter> parameters = new HashMap<>();
        for (ModuleNode node : tree.namedModules()) {
            for (ParameterHandle handle : node.parameters()) {
                if (handle instanceof ArrayFieldParameter field) {
                    Object copy = copies.get(node.module());
                    parameters.put(node.qualify(handle.name()),
                            new CopiedParameter(copy, field.field(), read(field.field(), copy), handle));
                }
            }
        }
        return new PlainCopy(copies.get(root), parameters, forward);
    }

    private static boolean isContainer(Object value) {
        return value instanceof Object[] || value instanceof List<?> || value instanceof Map<?, ?>;
    }

    private static Object allocate(Class<?> type) {
        if (type.isRecord() || type.isHidden()) {
            throw new UnsupportedOperationException(type.getName() + " is a " + (type.isRecord() ? "record" : "hidden class")
                    + ", whose fields a copy cannot be given");
        }
        try {
            Constructor<?> constructor = ReflectionFactory.getReflectionFactory()
                    .newConstructorForSerialization(type, Object.class.getDeclaredConstructor());
            return constructor.newInstance();
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            throw new UnsupportedOperationException("cannot make an object of " + type.getName() + ": " + e);
        }
    }

    private void copyFields(Object original, Object copy, Map<Object, Object> copies) {
        for (Class<?> c = original.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field field : c.getDeclaredFields()) {
                if (Modifier.isStatic(field.getModifiers())) {
                    continue;
                }
                if (ForwardMethods.isOffLimits(c.getName()) || !access.open(field)) {
                    throw new UnsupportedOperationException("module " + original.getClass().getName()
                            + " has field " + field.getName() + " of " + c.getName() + ", which jprune cannot copy");
                }
                try {
                    field.set(copy, pointingToCopies(field, field.get(original), copies));
                } catch (IllegalAccessException | RuntimeException e) {
                    throw new UnsupportedOperationException("cannot copy field " + field + ": " + e.getMessage());
                }
            }
        }
    }

    /** The value with modules replaced by their copies, in a new container where it is a container of modules. */
    private static Object pointingToCopies(Field field, Object value, Map<Object, Object> copies) {
        if (value == null) {
            return null;
        }
        Object copy = copies.get(value);
        if (copy != null) {
            return copy;
        }
        if (value instanceof Object[] array && holdsCopied(List.of(array), copies)) {
            Object[] replaced = array.clone();
            for (int i = 0; i < replaced.length; i++) {
                replaced[i] = copies.getOrDefault(replaced[i], replaced[i]);
            }
            return replaced;
        }
        if (value instanceof List<?> list && holdsCopied(list, copies)) {
            List<Object> replaced = new ArrayList<>();
            for (Object element : list) {
                replaced.add(element == null ? null : copies.getOrDefault(element, element));
            }
            return assignable(field, replaced);
        }
        if (value instanceof Map<?, ?> map && holdsCopied(map.values(), copies)) {
            Map<Object, Object> replaced = new LinkedHashMap<>();
            map.forEach((key, element) -> replaced.put(key, element == null ? null
                    : copies.getOrDefault(element, element)));
            return assignable(field, replaced);
        }
        return value;
    }

    private static boolean holdsCopied(java.util.Collection<?> elements, Map<Object, Object> copies) {
        for (Object element : elements) {
            if (element != null && copies.containsKey(element)) {
                return true;
            }
        }
        return false;
    }

    private static Object assignable(Field field, Object container) {
        if (!field.getType().isInstance(container)) {
            throw new UnsupportedOperationException("field " + field + " holds modules in a "
                    + field.getType().getName() + ", which a copy cannot be given");
        }
        return container;
    }

    private static Object read(Field field, Object owner) {
        try {
            return field.get(owner);
        } catch (IllegalAccessException e) {
            throw new UnsupportedOperationException("cannot read " + field + ": " + e.getMessage());
        }
    }

    /** One parameter field of a copied module, and the value it was copied with. */
    private record CopiedParameter(Object owner, Field field, Object copied, ParameterHandle handle) {
        void set(Object value) {
            try {
                field.set(owner, value);
            } catch (IllegalAccessException e) {
                throw new IllegalStateException("cannot set " + field + " of a private copy: " + e.getMessage());
            }
        }
    }

    /** A copy made by {@link #copy}. */
    private static final class PlainCopy implements PrivateCopy {
        private final Object root;
        private final Map<String, CopiedParameter> parameters;
        private final ForwardInvoker forward;

        PlainCopy(Object root, Map<String, CopiedParameter> parameters, ForwardInvoker forward) {
            this.root = root;
            this.parameters = parameters;
            this.forward = forward;
        }

        @Override
        public void write(String parameter, float[] values) {
            CopiedParameter copied = parameter(parameter);
            copied.set(copied.handle().toAppValue(values));
        }

        @Override
        public void reset(String parameter) {
            CopiedParameter copied = parameter(parameter);
            copied.set(copied.copied());
        }

        @Override
        public Object forward(Object[] arguments) {
            return forward.invoke(root, arguments);
        }

        private CopiedParameter parameter(String name) {
            CopiedParameter copied = parameters.get(name);
            if (copied == null) {
                throw new IllegalArgumentException("the private copy has no parameter '" + name + "'");
            }
            return copied;
        }
    }
}
