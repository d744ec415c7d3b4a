package io.jprune.agent.instrumentation.plain;

import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Inlined at the start and end of every forward method of a module class: one static call each, no state
 * and no lambdas, since this code runs inside the app's classes. Any throwable is suppressed so that the
 * app's forward runs whatever happens to jprune. The arguments and the result are handed over because a
 * trace session (the structure analysis, on its own thread) records them and may perturb the result; on the
 * app's threads the hooks look at neither beyond a model's first few root forwards.
 */
public final class ForwardAdvice {
    private ForwardAdvice() {
    }

    /** Before the app's forward body. */
    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static void enter(@Advice.This Object module, @Advice.AllArguments Object[] arguments) {
        ForwardHooks.enter(module, arguments);
    }

    /** After the app's forward body, also when it throws (then {@code returned} is {@code null}). */
    @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
    public static void exit(@Advice.This Object module,
                            @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object returned) {
        ForwardHooks.exit(module, returned);
    }
}
