package io.jprune.runtime.trace;

import io.jprune.runtime.spi.PrivateCopy;

/**
 * Runs a private copy's forward on the calling thread with the forward hooks ignoring that thread: the copy's
 * module objects are never registered as a model, hold no gate of the app's model, and are never captured as the
 * app's traffic.
 */
public final class PrivateForward {
    private PrivateForward() {
    }

    /** The copy's root forward on {@code arguments}. */
    public static Object run(PrivateCopy copy, Object[] arguments) {
        return ForwardTracker.withSession(TraceSession.isolated(), () -> copy.forward(arguments));
    }
}
