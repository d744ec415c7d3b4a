package io.jprune.agent.instrumentation.plain;

import io.jprune.runtime.diagnostics.DiagnosticLog;
import io.jprune.runtime.trace.ForwardTracker;

/**
 * The one entry point the woven forward hooks call ({@link ForwardHookWeaver}). Public and static because
 * the calls are written into the app's own classes; it never throws, so that a failure inside jprune costs the app nothing but
 * one log line, and the app keeps running on the weights it has.
 */
public final class ForwardHooks {
    private static volatile ForwardTracker tracker;

    private ForwardHooks() {
    }

    /** Starts routing forwards to {@code active}; before this, and with a bad configuration, hooks do nothing. */
    static void activate(ForwardTracker active) {
        tracker = active;
    }

    /** The tracker forwards are routed to, or {@code null}; so that a test can put it back after a swap. */
    static ForwardTracker active() {
        return tracker;
    }

    /** A hooked forward of {@code module} starts; its arguments are not known. */
    public static void enter(Object module) {
        enter(module, null);
    }

    /** A hooked forward of {@code module} starts with these arguments. */
    public static void enter(Object module, Object[] arguments) {
        ForwardTracker current = tracker;
        if (current == null) {
            return;
        }
        try {
            current.enter(module, arguments);
        } catch (Throwable t) {
            DiagnosticLog.failureOnce("forward hook (enter " + module.getClass().getName() + ")", t);
        }
    }

    /** A hooked forward of {@code module} ends, normally or not; its result is not known. */
    public static void exit(Object module) {
        exit(module, null);
    }

    /** A hooked forward of {@code module} ends, returning {@code returned} ({@code null} when it threw). */
    public static void exit(Object module, Object returned) {
        ForwardTracker current = tracker;
        if (current == null) {
            return;
        }
        try {
            current.exit(module, returned);
        } catch (Throwable t) {
            DiagnosticLog.failureOnce("forward hook (exit " + module.getClass().getName() + ")", t);
        }
    }
}
