package io.jprune.runtime.spi;

/**
 * How a framework adapter turns the object whose forward is running into a model: its module tree, how
 * generations reach it, and the form of its activations. The registry asks once per root object, the first
 * time its forward runs.
 */
@FunctionalInterface
public interface ModelDiscovery {

    /**
     * The model rooted at {@code root} ({@link DiscoveredModel#of} for a plain-Java one), or {@code null} when it holds no parameter at all (a pipeline
     * object that merely calls other modules): such an object is never a model, and the modules its forward
     * calls are looked at instead.
     */
    DiscoveredModel discover(Object root);
}
