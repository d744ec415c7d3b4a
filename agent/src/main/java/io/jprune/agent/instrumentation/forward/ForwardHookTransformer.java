package io.jprune.agent.instrumentation.forward;

import io.jprune.runtime.diagnostics.DiagnosticLog;
import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import net.bytebuddy.jar.asm.ClassReader;

/**
 * Hooks the forwards of module classes as they are loaded, and of loaded ones when they are retransformed.
 * It runs for every class the app loads, so the common answer, "not a module class", is reached by comparing
 * the class's name before its file is read. It never throws: a class it cannot hook loads unchanged, with
 * one line saying why.
 */
final class ForwardHookTransformer implements ClassFileTransformer {
    private static final ClassLoader HOOKS_LOADER = ForwardHooks.class.getClassLoader();

    private final ForwardMethods forwards;
    private final ForwardHookWeaver weaver;
    private final Map<ClassLoader, Boolean> seesHooks = Collections.synchronizedMap(new WeakHashMap<>());

    /** @param forwards which classes are module classes and which methods forwards */
    ForwardHookTransformer(ForwardMethods forwards) {
        this.forwards = forwards;
        this.weaver = new ForwardHookWeaver(forwards, ForwardHookWeaver.AGENT_HOOKS);
    }

    @Override
    public byte[] transform(Module module, ClassLoader loader, String internalName, Class<?> classBeingRedefined,
                            ProtectionDomain domain, byte[] classFile) {
        if (loader == null || internalName == null) {
            return null;
        }
        String className = internalName.replace('/', '.');
        try {
            if (ForwardMethods.isOffLimits(className) || !forwards.matchesName(className)) {
                return null;
            }
            ClassReader reader = new ClassReader(classFile);
            if (!weaver.declaresForward(reader) || !hooksVisibleFrom(loader, className)) {
                return null;
            }
            byte[] hooked = weaver.weave(reader);
            if (DiagnosticLog.isDebugEnabled()) {
                DiagnosticLog.debug("hooked the forward of " + className
                        + (classBeingRedefined != null ? " (already loaded)" : ""));
            }
            return hooked;
        } catch (Throwable t) {
            DiagnosticLog.failureOnce("hooking the forward of " + className, t);
            return null;
        }
    }

    /**
     * Whether the woven calls to {@link ForwardHooks} will link: the class's loader must find the agent's very
     * class, which a loader that does not delegate to the one that loaded jprune would not; such a class is left
     * alone, since a call that fails to link would throw into the app's forward. (A class in a named module
     * needs nothing more: the JVM makes the module of every class a transformer changes read the unnamed module
     * of the loader that loaded the agent, which is where {@link ForwardHooks} is.)
     */
    private boolean hooksVisibleFrom(ClassLoader loader, String className) {
        if (seesHooks(loader)) {
            return true;
        }
        DiagnosticLog.info("cannot hook the forward of " + className + ": its class loader (" + loader
                + ") does not see jprune's " + ForwardHooks.class.getName());
        return false;
    }

    private boolean seesHooks(ClassLoader loader) {
        if (loader == HOOKS_LOADER) {
            return true;
        }
        Boolean known = seesHooks.get(loader);
        if (known != null) {
            return known;
        }
        // looked up without holding the map's lock: the loader may load classes, and so call this transformer
        boolean sees;
        try {
            sees = Class.forName(ForwardHooks.class.getName(), false, loader) == ForwardHooks.class;
        } catch (ClassNotFoundException | LinkageError e) {
            sees = false;
        }
        seesHooks.put(loader, sees);
        return sees;
    }
}
