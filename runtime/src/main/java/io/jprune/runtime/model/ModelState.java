package io.jprune.runtime.model;

import java.util.HashMap;
import java.util.Map;

/**
 * One generation of a model's pruning state: for every parameter jprune has touched, the value the app
 * should hold. Immutable, so that a forward installs one whole generation or none, and so that an
 * operation that fails half-way simply never publishes the generation it was building.
 */
final class ModelState {
    /** Order keys handed out when PyTorch would move a parameter to the end; above any discovery index. */
    private static final long FIRST_MOVED_ORDER = 1L << 32;

    static final ModelState EMPTY = new ModelState(Map.of(), FIRST_MOVED_ORDER);

    private final Map<String, ParameterState> parameters;
    private final long nextOrder;

    private ModelState(Map<String, ParameterState> parameters, long nextOrder) {
        this.parameters = parameters;
        this.nextOrder = nextOrder;
    }

    /** The state of a parameter jprune has touched, or {@code null}. */
    ParameterState get(String qualifiedName) {
        return parameters.get(qualifiedName);
    }

    /** The touched parameters by qualified name. */
    Map<String, ParameterState> parameters() {
        return parameters;
    }

    /** An order key after every key handed out so far: where PyTorch's re-registration puts a parameter. */
    long nextOrder() {
        return nextOrder;
    }

    /** This generation with one parameter's state replaced; {@code movedToEnd} consumes {@link #nextOrder()}. */
    ModelState with(String qualifiedName, ParameterState state, boolean movedToEnd) {
        Map<String, ParameterState> next = new HashMap<>(parameters);
        next.put(qualifiedName, state);
        return new ModelState(Map.copyOf(next), movedToEnd ? nextOrder + 1 : nextOrder);
    }

    boolean anyPruned() {
        for (ParameterState state : parameters.values()) {
            if (state.isPruned()) {
                return true;
            }
        }
        return false;
    }
}
