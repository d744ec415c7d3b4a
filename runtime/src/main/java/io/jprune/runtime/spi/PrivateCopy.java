package io.jprune.runtime.spi;

/**
 * A private copy of one model (see {@link ModelCopier}): the app never reads its weights, so jprune may set any
 * of them and run its forward. Used by one thread at a time.
 */
public interface PrivateCopy {

    /**
     * Sets a parameter of the copy only.
     *
     * @param parameter the parameter's qualified name, e.g. {@code conv1.weight}
     * @param values    flat row-major values of the parameter's shape
     */
    void write(String parameter, float[] values);

    /** Puts back the value the parameter had when the copy was made. */
    void reset(String parameter);

    /**
     * Runs the copy's root forward on this thread. The engine calls it with the forward hooks told to ignore this
     * thread, so the copy is neither registered as a model nor holds the app model's gate.
     *
     * @return what the forward returns
     */
    Object forward(Object[] arguments);

    /**
     * Frees what the copy holds outside the heap (a native session an adapter built for it); the engine calls it
     * once the copy is no longer used. Nothing to do for a copy made of Java objects.
     */
    default void close() {
    }
}
