package io.jprune.agent.instrumentation;

import io.jprune.runtime.diagnostics.DiagnosticLog;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Waits, as a transformer that changes nothing, for the app to load one class (a framework's library class),
 * then runs an install once and removes itself. Each class loaded costs one string comparison until then.
 */
final class LibraryWatch implements ClassFileTransformer {
    private final Instrumentation instrumentation;
    private final String internalName;
    private final Runnable install;
    private final AtomicBoolean fired = new AtomicBoolean();

    /**
     * @param instrumentation where this watch is registered, and removed from once it fires
     * @param className       the class to wait for, e.g. {@code ai.onnxruntime.OrtEnvironment}
     */
    LibraryWatch(Instrumentation instrumentation, String className, Runnable install) {
        this.instrumentation = instrumentation;
        this.internalName = className.replace('.', '/');
        this.install = install;
    }

    @Override
    public byte[] transform(Module module, ClassLoader loader, String className, Class<?> classBeingRedefined,
                            ProtectionDomain domain, byte[] classFile) {
        if (internalName.equals(className)) {
            run();
        }
        return null;
    }

    /** Runs the install unless it already ran or was claimed; a failure is logged and leaves the app as is. */
    private void run() {
        if (!claim()) {
            return;
        }
        try {
            install.run();
        } catch (Throwable t) {
            DiagnosticLog.failureOnce("installing the hooks for " + internalName.replace('/', '.'), t);
        }
    }

    /**
     * Takes the install from this watch, which stops watching: {@code true} for the one caller that gets it (the
     * watch's own first sight of the class, or a caller installing on its own), {@code false} for every other.
     */
    boolean claim() {
        if (!fired.compareAndSet(false, true)) {
            return false;
        }
        instrumentation.removeTransformer(this);
        return true;
    }
}
