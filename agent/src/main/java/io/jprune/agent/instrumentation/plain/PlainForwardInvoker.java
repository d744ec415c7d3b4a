package io.jprune.agent.instrumentation.plain;

import io.jprune.agent.instrumentation.forward.ForwardMethods;
import io.jprune.runtime.spi.ForwardInvoker;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs a plain-Java module's own (hooked) forward method by reflection, choosing the one forward method whose
 * parameters accept the arguments, so that jprune can replay a root forward with the inputs the app once gave
 * it. Only methods of classes the agent hooks qualify: a replay that bypassed the hooks would be invisible to
 * the trace.
 */
final class PlainForwardInvoker implements ForwardInvoker {
    /** Bounds the memo, so that an app with ever new classes cannot grow it without end. */
    private static final int MAX_REMEMBERED = 256;
    private static final Map<Class<?>, Class<?>> WRAPPERS = Map.of(boolean.class, Boolean.class, byte.class,
            Byte.class, char.class, Character.class, short.class, Short.class, int.class, Integer.class, long.class,
            Long.class, float.class, Float.class, double.class, Double.class);

    private final ModuleClasses moduleClasses;
    private final FieldAccess access;
    /** The forward method found for a class and argument types; a sweep replays thousands of forwards. */
    private final Map<List<Class<?>>, Method> found = new ConcurrentHashMap<>();

    PlainForwardInvoker(ModuleClasses moduleClasses, FieldAccess access) {
        this.moduleClasses = moduleClasses;
        this.access = access;
    }

    @Override
    public Object invoke(Object module, Object[] arguments) {
        Method method = found.get(key(module, arguments));
        if (method == null) {
            method = forwardTaking(module.getClass(), arguments);
            if (found.size() < MAX_REMEMBERED) {
                found.put(key(module, arguments), method);
            }
        }
        try {
            return method.invoke(module, arguments);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(method.getDeclaringClass().getSimpleName() + "." + method.getName()
                    + " threw " + cause, cause);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot call " + method + ": " + e.getMessage(), e);
        }
    }

    /** The class of the module and of each argument ({@code null} for a null argument). */
    private static List<Class<?>> key(Object module, Object[] arguments) {
        List<Class<?>> key = new ArrayList<>(arguments.length + 1);
        key.add(module.getClass());
        for (Object argument : arguments) {
            key.add(argument == null ? null : argument.getClass());
        }
        return key;
    }

    private Method forwardTaking(Class<?> type, Object[] arguments) {
        List<Method> matches = new ArrayList<>();
        Set<String> overridden = new HashSet<>();
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            if (!moduleClasses.matchesName(c.getName()) || ForwardMethods.isOffLimits(c.getName())) {
                continue;
            }
            for (Method method : c.getDeclaredMethods()) {
                boolean forward = moduleClasses.isForward(method.getName(), method.getModifiers(),
                        method.isBridge() || method.isSynthetic());
                String signature = method.getName() + Arrays.toString(method.getParameterTypes());
                if (forward && overridden.add(signature) && accepts(method, arguments)) {
                    matches.add(method);
                }
            }
        }
        if (matches.size() != 1) {
            throw new IllegalArgumentException(type.getSimpleName() + " has " + (matches.isEmpty() ? "no" : "more than one")
                    + " hooked forward method (" + String.join(", ", moduleClasses.forwardMethods()) + ") taking "
                    + describe(arguments));
        }
        Method method = matches.get(0);
        if (!access.open(method)) {
            throw new IllegalStateException("jprune cannot call " + method);
        }
        return method;
    }

    private static boolean accepts(Method method, Object[] arguments) {
        Class<?>[] parameters = method.getParameterTypes();
        if (parameters.length != arguments.length) {
            return false;
        }
        for (int i = 0; i < parameters.length; i++) {
            Class<?> parameter = parameters[i];
            Object argument = arguments[i];
            boolean fits = parameter.isPrimitive() ? argument != null && WRAPPERS.get(parameter) == argument.getClass()
                    : argument == null || parameter.isInstance(argument);
            if (!fits) {
                return false;
            }
        }
        return true;
    }

    private static String describe(Object[] arguments) {
        List<String> types = new ArrayList<>();
        for (Object argument : arguments) {
            types.add(argument == null ? "null" : argument.getClass().getSimpleName());
        }
        return "(" + String.join(", ", types) + ")";
    }
}
