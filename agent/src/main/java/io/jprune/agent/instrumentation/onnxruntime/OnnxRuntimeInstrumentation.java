package io.jprune.agent.instrumentation.onnxruntime;

import io.jprune.agent.instrumentation.InstrumentationContext;
import io.jprune.agent.instrumentation.InstrumentationModule;
import io.jprune.runtime.diagnostics.DiagnosticLog;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.nio.file.Path;
import java.security.ProtectionDomain;
import java.util.List;

/**
 * The ONNX Runtime adapter, installed: reports runs to the engine and rewrites {@code OrtSession} as it loads (or,
 * when it is loaded already, retransforms it; a session created before that becomes a model at its next run once
 * {@link EarlierSessions} finds its model file, looking first in the files and directories of the agent option
 * {@code onnx.models}).
 */
final class OnnxRuntimeInstrumentation implements InstrumentationModule.Configured {
    private final List<Path> models;

    /** @param models the files and directories of the agent option {@code onnx.models}, in the order given */
    OnnxRuntimeInstrumentation(List<Path> models) {
        this.models = List.copyOf(models);
    }

    @Override
    public void install(InstrumentationContext context) {
        OrtSessionHooks.observe(context.observe(new OnnxModelDiscovery()), new EarlierSessions(models));
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

    /** {@code onnx.models=a.onnx+models/} when given; nothing otherwise, as it has no default. */
    @Override
    public String toString() {
        return models.isEmpty() ? "" : "onnx.models=" + String.join("+", models.stream().map(Path::toString).toList());
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
