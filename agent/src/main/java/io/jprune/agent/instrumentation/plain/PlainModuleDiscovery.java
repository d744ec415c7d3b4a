package io.jprune.agent.instrumentation.plain;

import io.jprune.agent.instrumentation.forward.ForwardMethods;
import io.jprune.runtime.diagnostics.DiagnosticLog;
import io.jprune.runtime.spi.DimHandle;
import io.jprune.runtime.spi.DiscoveredModel;
import io.jprune.runtime.spi.ModelDiscovery;
import io.jprune.runtime.spi.ModuleNode;
import io.jprune.runtime.spi.ParameterHandle;
import io.jprune.runtime.tensor.Shape;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Reads a plain-Java model the way PyTorch's {@code nn.Module} registers one: a module's instance fields
 * of type {@code float[]} to {@code float[][][][]} are its parameters, named by field name; fields holding
 * modules are its children; arrays and {@code List}s of modules are like {@code nn.ModuleList}
 * ({@code layers.0}, {@code layers.1}) and {@code Map}s with string keys like {@code nn.ModuleDict}.
 * Fields are taken in declaration order, superclass first, as PyTorch's registration order would have them.
 * A module or parameter reachable twice is listed once, under its first name, as PyTorch does.
 */
public final class PlainModuleDiscovery implements ModelDiscovery {
    private final ModuleClasses moduleClasses;
    private final ShapeInference shapes;
    private final FieldAccess access;
    private final PlainForwardInvoker forward;
    private final PlainModelCopier copier;

    /**
     * @param options         the plain-Java options (module globs, forward names, explicit shapes)
     * @param instrumentation used to open named modules to jprune; may be {@code null}
     */
    public PlainModuleDiscovery(PlainOptions options, Instrumentation instrumentation) {
        this(new ModuleClasses(options.modules(), options.forwardMethods()), options, instrumentation);
    }

    PlainModuleDiscovery(ModuleClasses moduleClasses, PlainOptions options, Instrumentation instrumentation) {
        this.moduleClasses = Objects.requireNonNull(moduleClasses, "moduleClasses");
        this.access = new FieldAccess(instrumentation);
        this.shapes = new ShapeInference(options.shapes(), access);
        this.forward = new PlainForwardInvoker(moduleClasses, access);
        this.copier = new PlainModelCopier(access, forward);
    }

    @Override
    public DiscoveredModel discover(Object root) {
        if (!moduleClasses.isModuleClass(root.getClass())) {
            return null;
        }
        Walk walk = new Walk();
        ModuleNode tree = walk.module("", root);
        return walk.parameters == 0 ? null : DiscoveredModel.of(tree, copier);
    }

    /** One discovery: what has been seen, so that shared modules and arrays are listed once. */
    private final class Walk {
        private final Map<Object, Boolean> seen = new IdentityHashMap<>();
        private int parameters;

        ModuleNode module(String name, Object module) {
            seen.put(module, Boolean.TRUE);
            List<ParameterHandle> own = new ArrayList<>();
            List<ModuleNode> children = new ArrayList<>();
            for (Field field : instanceFields(module.getClass())) {
                Object value = read(field, module);
                if (value == null || seen.containsKey(value)) {
                    continue;
                }
                String local = field.getName();
                String qualified = name.isEmpty() ? local : name + "." + local;
                int nesting = floatNesting(field.getType());
                if (nesting > 0) {
                    ParameterHandle parameter = parameter(module, field, value, nesting, qualified);
                    if (parameter != null) {
                        seen.put(value, Boolean.TRUE);
                        own.add(parameter);
                        parameters++;
                    }
                } else if (moduleClasses.isModuleClass(value.getClass())) {
                    children.add(module(qualified, value));
                } else {
                    ModuleNode container = container(qualified, value);
                    if (container != null) {
                        children.add(container);
                    }
                }
            }
            return new ModuleNode(name, module, typeName(module.getClass()), repr(module), own, children, dims(module),
                    forward);
        }

        /** An array, List or Map holding modules, as PyTorch's ModuleList or ModuleDict; else {@code null}. */
        private ModuleNode container(String name, Object value) {
            try {
                return containerOrNull(name, value);
            } catch (RuntimeException e) {
                DiagnosticLog.debug(name + ": cannot look inside " + value.getClass().getName() + ": " + e);
                return null;
            }
        }

        private ModuleNode containerOrNull(String name, Object value) {
            Map<String, Object> elements = new LinkedHashMap<>();
            String type;
            if (value instanceof Object[] array) {
                type = "ModuleList";
                for (int i = 0; i < array.length; i++) {
                    elements.put(Integer.toString(i), array[i]);
                }
            } else if (value instanceof List<?> list) {
                type = "ModuleList";
                for (int i = 0; i < list.size(); i++) {
                    elements.put(Integer.toString(i), list.get(i));
                }
            } else if (value instanceof Map<?, ?> map) {
                type = "ModuleDict";
                for (Map.Entry<?, ?> entry : map.entrySet()) {
                    if (entry.getKey() instanceof String key) {
                        elements.put(key, entry.getValue());
                    }
                }
            } else {
                return null;
            }
            boolean holdsModules = false;
            for (Object element : elements.values()) {
                holdsModules |= element != null && moduleClasses.isModuleClass(element.getClass());
            }
            if (!holdsModules) {
                return null;
            }
            seen.put(value, Boolean.TRUE);
            List<ModuleNode> children = new ArrayList<>();
            for (Map.Entry<String, Object> element : elements.entrySet()) {
                Object module = element.getValue();
                if (module != null && !seen.containsKey(module) && moduleClasses.isModuleClass(module.getClass())) {
                    children.add(module(name + "." + element.getKey(), module));
                }
            }
            return new ModuleNode(name, value, type, containerRepr(type, name, children), List.of(), children);
        }

        private ParameterHandle parameter(Object module, Field field, Object value, int nesting, String qualified) {
            Shape shape = nesting == 1 ? shapes.flatShape(module, field, ((float[]) value).length)
                    : ShapeInference.nestedShape(value, nesting);
            if (shape == null) {
                DiagnosticLog.debug(qualified + ": a ragged " + field.getType().getSimpleName()
                        + " is not a tensor; left alone");
                return null;
            }
            if (!FieldAccess.isReassignable(field)) {
                DiagnosticLog.info(qualified + ": " + field + " cannot be reassigned (a record or hidden class "
                        + "field); it is listed but jprune cannot prune it");
            }
            DiagnosticLog.debug(qualified + ": " + field.getType().getSimpleName() + " as " + shape);
            return new ArrayFieldParameter(module, field, shape, nesting);
        }
    }

    private List<Field> instanceFields(Class<?> type) {
        List<Class<?>> hierarchy = new ArrayList<>();
        for (Class<?> c = type; c != null && !ForwardMethods.isOffLimits(c.getName()); c = c.getSuperclass()) {
            hierarchy.add(0, c);
        }
        List<Field> fields = new ArrayList<>();
        for (Class<?> c : hierarchy) {
            for (Field field : c.getDeclaredFields()) {
                int modifiers = field.getModifiers();
                if (Modifier.isStatic(modifiers) || field.isSynthetic() || field.getType().isPrimitive()) {
                    continue;
                }
                if (access.open(field)) {
                    fields.add(field);
                }
            }
        }
        return fields;
    }

    private static Object read(Field field, Object owner) {
        try {
            return field.get(owner);
        } catch (IllegalAccessException | RuntimeException e) {
            DiagnosticLog.debug("cannot read " + field + ": " + e);
            return null;
        }
    }

    /**
     * The module's int fields holding its weight's output and input sizes, which compaction shrinks with the
     * arrays: only fields jprune can assign, so that a compaction is never left half-installed.
     */
    private List<DimHandle> dims(Object module) {
        List<DimHandle> dims = new ArrayList<>();
        for (Class<?> c = module.getClass(); c != null && !ForwardMethods.isOffLimits(c.getName());
                c = c.getSuperclass()) {
            for (Field field : c.getDeclaredFields()) {
                if (field.getType() != int.class || Modifier.isStatic(field.getModifiers())
                        || !FieldAccess.isReassignable(field)) {
                    continue;
                }
                IntFieldDim dim = IntFieldDim.of(module, field);
                if (dim != null && access.open(field)) {
                    dims.add(dim);
                }
            }
        }
        return dims;
    }

    /** 1 for {@code float[]}, 2 for {@code float[][]}, up to 4; 0 for anything else. */
    static int floatNesting(Class<?> type) {
        int nesting = 0;
        Class<?> c = type;
        while (c.isArray() && nesting < 5) {
            c = c.getComponentType();
            nesting++;
        }
        return c == float.class && nesting <= 4 ? nesting : 0;
    }

    private static String typeName(Class<?> type) {
        String simple = type.getSimpleName();
        if (!simple.isEmpty()) {
            return simple;
        }
        String name = type.getName();
        return name.substring(name.lastIndexOf('.') + 1);
    }

    /** The app's own toString() when its class overrides it (the demo's print PyTorch's text), else the class name. */
    private static String repr(Object module) {
        try {
            if (module.getClass().getMethod("toString").getDeclaringClass() != Object.class) {
                String text = module.toString();
                if (text != null) {
                    return text;
                }
            }
        } catch (NoSuchMethodException | RuntimeException | LinkageError e) {
            DiagnosticLog.debug("toString() of " + module.getClass().getName() + " failed: " + e);
        }
        return typeName(module.getClass());
    }

    /** PyTorch's ModuleList/ModuleDict repr: one {@code (key): child} line per child, indented. */
    private static String containerRepr(String type, String name, List<ModuleNode> children) {
        StringBuilder text = new StringBuilder(type).append("(");
        for (ModuleNode child : children) {
            String key = child.name().substring(name.length() + 1);
            text.append("\n  (").append(key).append("): ").append(child.repr().replace("\n", "\n  "));
        }
        return text.append(children.isEmpty() ? ")" : "\n)").toString();
    }
}
