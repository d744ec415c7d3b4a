package io.jprune.agent.instrumentation.forward;

import io.jprune.runtime.diagnostics.DiagnosticLog;
import io.jprune.runtime.spi.ForwardObserver;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * Hooks the Java forward methods of an adapter's module classes, including classes loaded before the agent
 * (retransformed, with no change to their shape, so that final and private members stay as they are). Only
 * method bodies change: one static call into {@link ForwardHooks} on entry and one on exit. Any adapter whose
 * forwards are Java methods uses this; it says which classes and methods with its {@link ForwardMethods}.
 */
public final class JavaForwards {
    /**
     * Looks for module classes loaded before the transformer was registered more than once: a class whose
     * loading, on another thread, had passed the transformers before registration may show up only later.
     */
    private static final int RETRANSFORM_ROUNDS = 3;

    private JavaForwards() {
    }

    /**
     * Routes the forwards of {@code forwards}' classes to {@code observer} and hooks them: classes the app loads
     * from now on as they load, classes already loaded before this returns, so that no forward that starts
     * afterwards goes unseen.
     *
     * @return the installed hooks, so that a test can swap the observer or remove the transformer
     */
    public static Hooked hook(Instrumentation instrumentation, ForwardMethods forwards, ForwardObserver observer) {
        ForwardHooks.Route route = ForwardHooks.route(forwards, observer);
        ClassFileTransformer transformer = new ForwardHookTransformer(forwards);
        instrumentation.addTransformer(transformer, true);
        retransformLoaded(instrumentation, forwards);
        return new Hooked(route, transformer);
    }

    /**
     * What {@link #hook} installed.
     *
     * @param route       where the hooked forwards are reported
     * @param transformer the class file transformer hooking classes as they load
     */
    public record Hooked(ForwardHooks.Route route, ClassFileTransformer transformer) {
    }

    private static void retransformLoaded(Instrumentation instrumentation, ForwardMethods forwards) {
        Set<Class<?>> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (int round = 0; round < RETRANSFORM_ROUNDS; round++) {
            List<Class<?>> loaded = new ArrayList<>();
            for (Class<?> type : instrumentation.getAllLoadedClasses()) {
                if (seen.add(type) && declaresForward(instrumentation, forwards, type)) {
                    loaded.add(type);
                }
            }
            if (loaded.isEmpty()) {
                return;
            }
            retransform(instrumentation, loaded);
        }
    }

    private static boolean declaresForward(Instrumentation instrumentation, ForwardMethods forwards, Class<?> type) {
        try {
            return type.getClassLoader() != null && !type.isHidden() && !type.isSynthetic()
                    && instrumentation.isModifiableClass(type) && forwards.declaresForward(type);
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
