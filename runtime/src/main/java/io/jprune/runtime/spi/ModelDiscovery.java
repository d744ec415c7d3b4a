package io.jprune.runtime.spi;

/**
 * How a framework adapter turns the object whose forward is running into a module tree. The registry
 * asks once per root object, the first time its forward runs.
 */
@FunctionalInterface
public interface ModelDiscovery {

    /**
     * The module tree rooted at {@code root}, or {@code null} when it holds no parameter at all (a pipeline
     * object that merely calls other modules): such an object is never a model, and the modules its forward
     * calls are looked at instead.
     */
    ModuleNode discover(Object root);
}
