package io.jprune.agent.instrumentation.forward;

/**
 * Which Java classes an adapter's modules are and which of their methods are forwards: all the shared weaving
 * needs to know of a framework whose forwards are Java methods. The weaver asks {@link #matchesName} for every
 * class the app loads, so it must be cheap; the rest only for the classes whose names match.
 */
public interface ForwardMethods {

    /** Whether a class of this name may declare forwards; the first, cheap filter for every class loaded. */
    boolean matchesName(String className);

    /** Whether a method with this name and these modifiers is a forward to hook. */
    boolean isForward(String name, int modifiers, boolean syntheticOrBridge);

    /** Whether this loaded class itself declares a forward to hook (for classes loaded before the agent). */
    boolean declaresForward(Class<?> type);

    /** Whether objects of this class are this adapter's modules, so that their forwards are reported to it. */
    boolean isModuleClass(Class<?> type);

    /** The JDK's and jprune's own classes are never modules, whatever an adapter's patterns say. */
    static boolean isOffLimits(String className) {
        return className.startsWith("java.") || className.startsWith("javax.") || className.startsWith("jdk.")
                || className.startsWith("sun.") || className.startsWith("com.sun.")
                || className.startsWith("net.bytebuddy.") || className.startsWith("io.jprune.agent.")
                || className.startsWith("io.jprune.runtime.") || className.startsWith("io.jprune.kernels.")
                || className.startsWith("io.jprune.shaded.");
    }
}
