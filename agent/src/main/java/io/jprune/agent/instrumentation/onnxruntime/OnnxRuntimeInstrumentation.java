package io.jprune.agent.instrumentation.onnxruntime;

import io.jprune.agent.instrumentation.InstrumentationContext;
import io.jprune.agent.instrumentation.InstrumentationModule;
import io.jprune.runtime.diagnostics.DiagnosticLog;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;

/**
 * The ONNX Runtime adapter, installed: reports runs to the engine and rewrites {@code OrtSession} as it loads (or,
 * when it is loaded already, retransforms it; sessions created before that are not known and stay the app's alone).
 */
final class OnnxRuntimeInstrumentation implements InstrumentationModule.Configured {

    @Override
    public void install(InstrumentationContext context) {
        OrtSessionHooks.observe(context.observe(new OnnxModelDiscovery()));
        Instrumentation instrumentation = context.instrumentation();
        instrumentation.addTransformer(new SessionTransformer(), true);
        for (Class<?> loaded : instrumentation.getAllLoadedClasses()) {
            if (loaded.getName().equals(OrtSessionWeaver.SESSION.replace('/', '.'))) {
                try {
                    instrumentation.retransformClasses(loaded);
                } catch (Throwable t) {
                    DiagnosticLog.failureOnce("hooking ONNX Runtime's OrtSession (already loaded)", t);
                }
            }
        }
    }

    @Override
    public String toString() {
        return "";
    }

    /** Rewrites {@code OrtSession} where its loader sees jprune's hooks; never throws into class loading. */
    private static final class SessionTransformer implements ClassFileTransformer {
        @Override
        public byte[] transform(Module module, ClassLoader loader, String className, Class<?> redefined,
                                ProtectionDomain domain, byte[] classFile) {
            if (!OrtSessionWeaver.SESSION.equals(className) || loader == null) {
                return null;
            }
            try {
                if (Class.forName(OrtSessionHooks.class.getName(), false, loader) != OrtSessionHooks.class) {
                    DiagnosticLog.info("cannot hook ONNX Runtime: its class loader does not see jprune's hooks");
                    return null;
                }
                byte[] woven = OrtSessionWeaver.weave(classFile);
                DiagnosticLog.debug("hooked ONNX Runtime's OrtSession");
                return woven;
            } catch (Throwable t) {
                DiagnosticLog.failureOnce("hooking ONNX Runtime's OrtSession", t);
                return null;
            }
        }
    }
}
