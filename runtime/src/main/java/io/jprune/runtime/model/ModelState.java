package io.jprune.runtime.model;

import io.jprune.runtime.prune.PruningCall;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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

    static final ModelState EMPTY = new ModelState(Map.of(), FIRST_MOVED_ORDER, null, List.of());

    private final Map<String, ParameterState> parameters;
    private final long nextOrder;
    private final CompactionState compaction;
    /** The calls that led here, or {@code null} once the state is more than calls can replay (a compaction). */
    private final List<PruningCall> history;

    private ModelState(Map<String, ParameterState> parameters, long nextOrder, CompactionState compaction,
                       List<PruningCall> history) {
        this.parameters = parameters;
        this.nextOrder = nextOrder;
        this.compaction = compaction;
        this.history = history;
    }

    /**
     * The pruning calls that, replayed in order on the unpruned model, lead to this generation; empty when nothing
     * is pruned, and empty {@link Optional} when no list of calls can (after a compaction, or after a restore of
     * one parameter that a global call ranked together with others).
     */
    public Optional<List<PruningCall>> history() {
        return Optional.ofNullable(history);
    }

    /**
     * This generation with {@code call} added to its history; {@code null} for a change no call describes (a
     * method given as an object), which leaves the history unreplayable.
     */
    public ModelState withCall(PruningCall call) {
        if (history == null) {
            return this;
        }
        if (call == null) {
            return new ModelState(parameters, nextOrder, compaction, null);
        }
        List<PruningCall> next = new ArrayList<>(history);
        next.add(call);
        return new ModelState(parameters, nextOrder, compaction, List.copyOf(next));
    }

    /**
     * This generation's history without the calls on {@code param}, after its pruning was undone; a call that also
     * ranked other parameters makes the history unreplayable.
     */
    public ModelState withoutCallsOn(String param) {
        if (history == null) {
            return this;
        }
        List<PruningCall> next = new ArrayList<>();
        for (PruningCall call : history) {
            if (!call.touches(param)) {
                next.add(call);
            } else if (call.params().size() > 1) {
                return new ModelState(parameters, nextOrder, compaction, null);
            }
        }
        return new ModelState(parameters, nextOrder, compaction, List.copyOf(next));
    }

    /** This generation with an empty history: every prune was undone. */
    public ModelState withoutHistory() {
        return new ModelState(parameters, nextOrder, compaction, List.of());
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
        return new ModelState(Map.copyOf(next), movedToEnd ? nextOrder + 1 : nextOrder, compaction, history);
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
        // the compacted arrays are more than a list of pruning calls can reproduce
        return new ModelState(Map.copyOf(next), nextOrder, compaction == null ? change : compaction.then(change), null);
    }

    /**
     * This generation with an explicit state for every given parameter it has none for: the same model (an
     * untouched parameter is the app's own object, listed where it was discovered), but one that an install can
     * go back to from a generation that changed those parameters.
     */
    public ModelState withExplicit(Map<String, ParameterState> untouched) {
        Map<String, ParameterState> next = new HashMap<>(parameters);
        untouched.forEach(next::putIfAbsent);
        return new ModelState(Map.copyOf(next), nextOrder, compaction, history);
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
        return new ModelState(Map.copyOf(next), nextOrder, null, history);
    }
}
