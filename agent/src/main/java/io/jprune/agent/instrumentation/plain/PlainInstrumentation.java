package io.jprune.agent.instrumentation.plain;

import io.jprune.agent.AgentOptions;
import io.jprune.kernels.Kernels;
import io.jprune.runtime.diagnostics.DiagnosticLog;
import io.jprune.runtime.model.ModelRegistry;
import io.jprune.runtime.trace.ForwardTracker;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * Hooks the forward methods of plain-Java module classes, including classes loaded before the agent
 * (retransformed, with no change to their shape, so that final and private members stay as they are).
 * Only method bodies change: one static call on entry and one on exit.
 */
public final class PlainInstrumentation {
    /**
     * Looks for module classes loaded before the transformer was registered more than once: a class whose
     * loading, on another thread, had passed the transformers before registration may show up only later.
     */
    private static final int RETRANSFORM_ROUNDS = 3;

    private PlainInstrumentation() {
    }

    /**
     * Starts discovering models and hooking forwards, computing masked weights once per prune.
     *
     * @return the transformer, so that tests can remove it again
     * @throws IllegalArgumentException when the options ask for {@code recompute=per-forward}, which needs kernels
     */
    public static ClassFileTransformer install(Instrumentation instrumentation, AgentOptions options,
                                               ModelRegistry registry) {
        return install(instrumentation, options, registry, null);
    }

    /**
     * Starts discovering models and hooking forwards. Classes the app loads from now on are hooked as they load;
     * the module classes already loaded are retransformed before this returns, so that no forward that starts
     * afterwards goes unseen.
     *
     * @param kernels what {@code recompute=per-forward} computes the masked weights with before every forward;
     *                unused (and may be {@code null}) in the default, cached mode
     * @return the transformer, so that tests can remove it again
     */
    public static ClassFileTransformer install(Instrumentation instrumentation, AgentOptions options,
                                               ModelRegistry registry, Kernels kernels) {
        ModuleClasses moduleClasses = new ModuleClasses(options.modules(), options.forwardMethods());
        ForwardTracker tracker = new ForwardTracker(registry,
                new PlainModuleDiscovery(moduleClasses, options, instrumentation));
        if (options.recompute() == AgentOptions.Recompute.PER_FORWARD) {
            if (kernels == null) {
                throw new IllegalArgumentException("recompute=per-forward needs the kernels to recompute with");
            }
            tracker = tracker.recomputingEveryForward(kernels);
        }
        ForwardHooks.activate(tracker);
        ClassFileTransformer transformer = new ForwardHookTransformer(moduleClasses);
        instrumentation.addTransformer(transformer, true);
        retransformLoadedModuleClasses(instrumentation, moduleClasses);
        return transformer;
    }

    private static void retransformLoadedModuleClasses(Instrumentation instrumentation, ModuleClasses moduleClasses) {
        Set<Class<?>> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (int round = 0; round < RETRANSFORM_ROUNDS; round++) {
            List<Class<?>> loaded = new ArrayList<>();
            for (Class<?> type : instrumentation.getAllLoadedClasses()) {
                if (seen.add(type) && declaresForward(instrumentation, moduleClasses, type)) {
                    loaded.add(type);
                }
            }
            if (loaded.isEmpty()) {
                return;
            }
            retransform(instrumentation, loaded);
        }
    }

    private static boolean declaresForward(Instrumentation instrumentation, ModuleClasses moduleClasses,
                                           Class<?> type) {
        try {
            return type.getClassLoader() != null && !type.isHidden() && !type.isSynthetic()
                    && instrumentation.isModifiableClass(type) && moduleClasses.declaresForward(type);
        } catch (Throwable t) {
            // getDeclaredMethods() links every type the class's methods name; one that cannot be loaded means
            // the class cannot run its forward either
            DiagnosticLog.failureOnce("looking for a forward in " + type.getName(), t);
            return false;
        }
    }

    private static void retransform(Instrumentation instrumentation, List<Class<?>> classes) {
        try {
            instrumentation.retransformClasses(classes.toArray(new Class<?>[0]));
        } catch (Throwable all) {
            for (Class<?> type : classes) {
                try {
                    instrumentation.retransformClasses(type);
                } catch (Throwable t) {
                    DiagnosticLog.failureOnce("hooking the forward of " + type.getName() + " (already loaded)", t);
                }
            }
        }
    }
}
