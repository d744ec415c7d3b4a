package io.jprune.runtime.spi;

/**
 * The engine's side of an adapter's forward hooks: the adapter calls {@link #enter} when a forward of one of its
 * modules starts and {@link #exit} when it ends, however it ends, on the same thread. From these calls the engine
 * finds models (the outermost module whose forward runs), holds each root forward to exactly one generation of
 * weights, installs new generations between root forwards, keeps copies of the first inputs and records what a
 * replayed forward computes. Nested forwards cost a thread-local lookup.
 *
 * <p>Both methods may throw only for a bug inside jprune; hooks catch everything, so that the app's forward
 * never sees jprune fail.
 */
public interface ForwardObserver {

    /**
     * A forward of {@code module} starts on this thread.
     *
     * @param arguments its arguments, in the form of the model's {@link ActivationForm}, or {@code null} when the
     *                  hook does not know them (they are then never captured)
     */
    void enter(Object module, Object[] arguments);

    /**
     * The forward of {@code module} that {@link #enter} announced ends on this thread.
     *
     * @param returned what it returns to its caller ({@code null} after an exception); while jprune replays a
     *                 forward it may change this value in place before the caller sees it
     */
    void exit(Object module, Object returned);
}
