package io.jprune.runtime.model;

import java.util.HashMap;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * One generation of a model's pruning state: for every parameter jprune has touched, the value the app
 * should hold, and after a compaction the shapes and int dims that go with those values. Immutable, so that
 * a forward installs one whole generation or none, and so that an operation that fails half-way simply never
 * publishes the generation it was building.
 */
public final class ModelState {
    /** Order keys handed out when PyTorch would move a parameter to the end; above any discovery index. */
    private static final long FIRST_MOVED_ORDER = 1L << 32;

    static final ModelState EMPTY = new ModelState(Map.of(), FIRST_MOVED_ORDER, null);

    private final Map<String, ParameterState> parameters;
    private final long nextOrder;
    private final CompactionState compaction;

    private ModelState(Map<String, ParameterState> parameters, long nextOrder, CompactionState compaction) {
        this.parameters = parameters;
        this.nextOrder = nextOrder;
        this.compaction = compaction;
    }

    /** The state of a parameter jprune has touched, or {@code null}. */
    public ParameterState get(String qualifiedName) {
        return parameters.get(qualifiedName);
    }

    /** The touched parameters by qualified name. */
    public Map<String, ParameterState> parameters() {
        return parameters;
    }

    /** An order key after every key handed out so far: where PyTorch's re-registration puts a parameter. */
    public long nextOrder() {
        return nextOrder;
    }

    /** This generation with one parameter's state replaced; {@code movedToEnd} consumes {@link #nextOrder()}. */
    public ModelState with(String qualifiedName, ParameterState state, boolean movedToEnd) {
        Map<String, ParameterState> next = new HashMap<>(parameters);
        next.put(qualifiedName, state);
        return new ModelState(Map.copyOf(next), movedToEnd ? nextOrder + 1 : nextOrder, compaction);
    }

    /**
     * Calls {@code action} with every app value this generation holds, by parameter: what the app reads, the
     * originals it keeps for {@code restore}, and those a compaction keeps. A value may come more than once.
     */
    public void forEachValue(BiConsumer<String, Object> action) {
        forEachValueOf(parameters, action);
        if (compaction != null) {
            forEachValueOf(compaction.before(), action);
        }
    }

    private static void forEachValueOf(Map<String, ParameterState> states, BiConsumer<String, Object> action) {
        for (Map.Entry<String, ParameterState> entry : states.entrySet()) {
            ParameterState state = entry.getValue();
            action.accept(entry.getKey(), state.original());
            if (state.isPruned()) {
                action.accept(entry.getKey(), state.pruned().appWeight());
            }
        }
    }

    /** Whether this generation holds {@code value} (by identity) anywhere {@link #forEachValue} looks. */
    public boolean holds(Object value) {
        boolean[] found = {false};
        forEachValue((name, held) -> found[0] |= held == value);
        return found[0];
    }

    public boolean anyPruned() {
        for (ParameterState state : parameters.values()) {
            if (state.isPruned()) {
                return true;
            }
        }
        return false;
    }

    /** What compaction changed in this generation, or {@code null} when the model is not compacted. */
    public CompactionState compaction() {
        return compaction;
    }

    /**
     * The slot a parameter has in this generation: after compaction, one whose handle has the compacted shape.
     */
    public ParameterSlot slot(ParameterSlot discovered) {
        if (compaction == null || discovered == null) {
            return discovered;
        }
        return compaction.slots().getOrDefault(discovered.qualifiedName(), discovered);
    }

    /**
     * This generation compacted further: the given parameter states (the compacted arrays, permanent like
     * {@code remove}) replace the current ones, and the compaction's shapes, dims and originals are kept.
     */
    public ModelState compacted(Map<String, ParameterState> compactedParameters, CompactionState change) {
        Map<String, ParameterState> next = new HashMap<>(parameters);
        next.putAll(compactedParameters);
        return new ModelState(Map.copyOf(next), nextOrder, compaction == null ? change : compaction.then(change));
    }

    /**
     * This generation with an explicit state for every given parameter it has none for: the same model (an
     * untouched parameter is the app's own object, listed where it was discovered), but one that an install can
     * go back to from a generation that changed those parameters.
     */
    public ModelState withExplicit(Map<String, ParameterState> untouched) {
        Map<String, ParameterState> next = new HashMap<>(parameters);
        untouched.forEach(next::putIfAbsent);
        return new ModelState(Map.copyOf(next), nextOrder, compaction);
    }

    /**
     * This generation without its compaction: every parameter compaction touched as it was before (the app's
     * own objects, pruned as they were), shapes as discovered, and no dims of its own, so that installing it
     * writes the original dims back. Itself when not compacted.
     */
    public ModelState uncompacted() {
        if (compaction == null) {
            return this;
        }
        Map<String, ParameterState> next = new HashMap<>(parameters);
        next.putAll(compaction.before());
        return new ModelState(Map.copyOf(next), nextOrder, null);
    }
}
