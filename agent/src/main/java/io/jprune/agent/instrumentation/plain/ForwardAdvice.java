package io.jprune.agent.instrumentation.plain;

import net.bytebuddy.asm.Advice;

/**
 * Inlined at the start and end of every forward method of a module class: one static call each, no state
 * and no lambdas, since this code runs inside the app's classes. Any throwable is suppressed so that the
 * app's forward runs whatever happens to jprune.
 */
public final class ForwardAdvice {
    private ForwardAdvice() {
    }

    /** Before the app's forward body. */
    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static void enter(@Advice.This Object module) {
        ForwardHooks.enter(module);
    }

    /** After the app's forward body, also when it throws. */
    @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
    public static void exit(@Advice.This Object module) {
        ForwardHooks.exit(module);
    }
}
