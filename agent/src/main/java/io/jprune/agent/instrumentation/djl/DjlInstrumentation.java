package io.jprune.agent.instrumentation.djl;

import io.jprune.agent.instrumentation.InstrumentationContext;
import io.jprune.agent.instrumentation.InstrumentationModule;
import io.jprune.agent.instrumentation.forward.JavaForwards;
import io.jprune.runtime.diagnostics.DiagnosticLog;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;

/**
 * The DJL adapter, installed: reports every block's forward to the engine (the shared weaving, on
 * {@code AbstractBaseBlock}), and rewrites {@code ParameterStore} as it loads (or, when it is loaded already,
 * retransforms it) so that layers read the installed generation's weights.
 */
final class DjlInstrumentation implements InstrumentationModule.Configured {

    /** How long the loading thread waits for the hooks before it lets the app go on (then hooked a bit later). */
    private static final long HOOKING_WAIT_MILLIS = 10_000;

    /**
     * Hooks DJL's classes on a thread of its own, and waits for it: this runs while the app loads DJL's library
     * class, inside a class file transformer, where the JVM does not call transformers again on the same thread, so
     * that block classes loaded before it could not be retransformed from here.
     */
    @Override
    public void install(InstrumentationContext context) {
        Thread hooking = new Thread(() -> hook(context), "jprune-djl-hooks");
        hooking.setDaemon(true);
        hooking.start();
        try {
            hooking.join(HOOKING_WAIT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void hook(InstrumentationContext context) {
        try {
            Instrumentation instrumentation = context.instrumentation();
            instrumentation.addTransformer(new StoreTransformer(), true);
            for (Class<?> loaded : instrumentation.getAllLoadedClasses()) {
                if (loaded.getName().equals(ParameterStoreWeaver.STORE.replace('/', '.'))) {
                    instrumentation.retransformClasses(loaded);
                }
            }
            JavaForwards.hook(instrumentation, new DjlBlocks(), context.observe(new DjlModelDiscovery()));
        } catch (Throwable t) {
            DiagnosticLog.failureOnce("hooking DJL's blocks and ParameterStore", t);
        }
    }

    @Override
    public String toString() {
        return "";
    }

    /** Rewrites {@code ParameterStore} where its loader sees jprune's hooks; never throws into class loading. */
    private static final class StoreTransformer implements ClassFileTransformer {
        @Override
        public byte[] transform(Module module, ClassLoader loader, String className, Class<?> redefined,
                                ProtectionDomain domain, byte[] classFile) {
            if (!ParameterStoreWeaver.STORE.equals(className) || loader == null) {
                return null;
            }
            try {
                if (Class.forName(DjlHooks.class.getName(), false, loader) != DjlHooks.class) {
                    DiagnosticLog.info("cannot hook DJL: its class loader does not see jprune's hooks");
                    return null;
                }
                byte[] woven = ParameterStoreWeaver.weave(classFile);
                DiagnosticLog.debug("hooked DJL's ParameterStore");
                return woven;
            } catch (Throwable t) {
                DiagnosticLog.failureOnce("hooking DJL's ParameterStore", t);
                return null;
            }
        }
    }
}
