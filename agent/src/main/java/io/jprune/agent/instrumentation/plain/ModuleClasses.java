package io.jprune.agent.instrumentation.plain;

import io.jprune.agent.instrumentation.forward.ForwardMethods;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.List;
import java.util.Set;

/**
 * The plain-Java convention for what a module is: a class whose name matches one of the {@code modules}
 * globs and that declares a concrete instance method named like a forward method. A subclass of a module
 * class is a module too, since it runs the inherited (hooked) forward. The instrumentation hooks exactly
 * the classes this says declare a forward, and discovery takes exactly these objects as child modules.
 */
public final class ModuleClasses implements ForwardMethods {
    /**
     * DJL's block classes declare a {@code forward} too, but their modules are the DJL adapter's: the plain globs
     * never claim them, so that a DJL forward is reported once, to that adapter.
     */
    private static final String DJL = "ai.djl.";
    private final List<ClassNameGlob> globs;
    private final Set<String> forwardMethods;
    private final ClassValue<Boolean> moduleClass = new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
            for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
                if (declaresForward(c)) {
                    return true;
                }
            }
            return false;
        }
    };

    /**
     * @param globs          class name globs; a class matching any of them is a candidate
     * @param forwardMethods names of forward methods
     */
    public ModuleClasses(List<ClassNameGlob> globs, List<String> forwardMethods) {
        this.globs = List.copyOf(globs);
        this.forwardMethods = Set.copyOf(forwardMethods);
    }

    /** Whether objects of this class are modules: its children, parameters and forward count. */
    @Override
    public boolean isModuleClass(Class<?> type) {
        return !type.isArray() && !type.isPrimitive() && !ForwardMethods.isOffLimits(type.getName()) && moduleClass.get(type);
    }

    /** Whether this very class declares a hooked forward (its name matches and it declares one). */
    @Override
    public boolean declaresForward(Class<?> type) {
        if (type.isInterface() || ForwardMethods.isOffLimits(type.getName()) || !matchesName(type.getName())) {
            return false;
        }
        for (Method method : type.getDeclaredMethods()) {
            if (isForward(method.getName(), method.getModifiers(), method.isBridge() || method.isSynthetic())) {
                return true;
            }
        }
        return false;
    }

    /** Whether a method with this name and these modifiers is a forward method to hook. */
    @Override
    public boolean isForward(String name, int modifiers, boolean syntheticOrBridge) {
        return forwardMethods.contains(name) && !Modifier.isStatic(modifiers) && !Modifier.isAbstract(modifiers)
                && !syntheticOrBridge;
    }

    /** Whether the class name matches one of the {@code modules} globs. */
    @Override
    public boolean matchesName(String className) {
        if (className.startsWith(DJL)) {
            return false;
        }
        for (ClassNameGlob glob : globs) {
            if (glob.matches(className)) {
                return true;
            }
        }
        return false;
    }

    /** Names of forward methods. */
    public Set<String> forwardMethods() {
        return forwardMethods;
    }
}
