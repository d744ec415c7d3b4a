package io.jprune.agent.instrumentation.djl;

import io.jprune.runtime.diagnostics.DiagnosticLog;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.nio.ByteBuffer;

/**
 * Frees a direct buffer jprune allocated as soon as it is done with it, rather than at some later garbage
 * collection: a pruned weight of a large model passes through one, and the app's direct memory limit must not fill
 * with buffers waiting for a collection. Uses {@code sun.misc.Unsafe.invokeCleaner} (module {@code jdk.unsupported},
 * readable from the class path); where it is missing, the buffer is left to the collector.
 */
final class DirectBuffers {
    private static final MethodHandle INVOKE_CLEANER = invokeCleaner();

    private DirectBuffers() {
    }

    private static MethodHandle invokeCleaner() {
        try {
            Class<?> unsafeClass = Class.forName("sun.misc.Unsafe");
            Field theUnsafe = unsafeClass.getDeclaredField("theUnsafe");
            theUnsafe.setAccessible(true);
            return MethodHandles.lookup().findVirtual(unsafeClass, "invokeCleaner",
                    MethodType.methodType(void.class, ByteBuffer.class)).bindTo(theUnsafe.get(null));
        } catch (ReflectiveOperationException | RuntimeException e) {
            DiagnosticLog.debug("direct buffers are freed by the garbage collector (no Unsafe.invokeCleaner: " + e
                    + ")");
            return null;
        }
    }

    /** Frees {@code buffer}'s memory now; nothing may use it afterwards. */
    static void free(ByteBuffer buffer) {
        if (INVOKE_CLEANER == null) {
            return;
        }
        try {
            INVOKE_CLEANER.invokeExact(buffer);
        } catch (Throwable t) {
            DiagnosticLog.failureOnce("freeing a direct buffer", t);
        }
    }
}
