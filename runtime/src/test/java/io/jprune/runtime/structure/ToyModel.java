package io.jprune.runtime.structure;

import java.util.ArrayList;
import java.util.List;

/** A model of the tests: a root forward that reports every module forward to a hook, and its layers. */
interface ToyModel {

    /** The root forward; every module forward, the root's last, goes through {@code hook}. */
    float[] forward(float[] input, ForwardHook hook);

    /** The layers, in model order. */
    List<ToyLayer> layers();

    /** The forward as the app runs it, unobserved. */
    default float[] forward(float[] input) {
        return forward(input, ForwardHook.NONE);
    }

    default ToyLayer layer(String name) {
        for (ToyLayer layer : layers()) {
            if (layer.name.equals(name)) {
                return layer;
            }
        }
        throw new IllegalArgumentException("no layer " + name);
    }

    /** What the structure analysis is told about the layers. */
    default List<Layer> describe() {
        List<Layer> described = new ArrayList<>();
        for (ToyLayer layer : layers()) {
            described.add(layer.describe());
        }
        return described;
    }

    /** Installs every change of a plan. */
    default void install(CompactionPlan plan) {
        for (LayerChange change : plan.changes()) {
            layer(change.module()).install(change);
        }
    }
}
