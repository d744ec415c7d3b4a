package io.jprune.runtime.trace;

/**
 * Sees the arguments of every root forward the app runs on one model while it is attached (see
 * {@code Model.observeTraffic}); the sensitivity sweep samples inputs and counts forwards with one. Called on the
 * app's threads: it must be quick and must never throw.
 */
@FunctionalInterface
public interface TrafficObserver {

    /** One root forward of the app starts with these arguments (the app's own objects: copy, never keep). */
    void forward(Object[] arguments);
}
