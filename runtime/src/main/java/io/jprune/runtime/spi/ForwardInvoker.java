package io.jprune.runtime.spi;

/**
 * How an adapter runs a module's own forward method outside the app's call path: the structure analysis
 * replays the inputs the app gave its model, and the {@code forward} inspection runs one a person gives. The
 * call goes through the adapter's forward hooks like any other, so it holds the model's gate and is seen by a
 * trace session bound to the calling thread.
 */
@FunctionalInterface
public interface ForwardInvoker {

    /**
     * Runs {@code module}'s forward method that accepts {@code arguments}.
     *
     * @return what the forward returned ({@code null} for a {@code void} forward)
     * @throws IllegalArgumentException when no forward method of the module accepts these arguments
     * @throws RuntimeException         whatever the app's forward throws, unchanged where it is unchecked
     */
    Object invoke(Object module, Object[] arguments);
}
