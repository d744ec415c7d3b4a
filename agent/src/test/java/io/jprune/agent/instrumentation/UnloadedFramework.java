package io.jprune.agent.instrumentation;

/**
 * Stands for a framework's library class that the app loads later, if at all: only
 * {@link InstrumentationModulesTest} loads it, by name, after it has checked that nothing else did.
 */
final class UnloadedFramework {
    private UnloadedFramework() {
    }
}
