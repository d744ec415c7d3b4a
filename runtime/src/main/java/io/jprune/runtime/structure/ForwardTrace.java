package io.jprune.runtime.structure;

import java.util.List;
import java.util.Objects;

/**
 * Every module forward that one root forward ran, in the order they returned, so the root comes last. The
 * structure analysis reads the model's real data flow from such traces instead of from a list of known
 * architectures.
 */
public final class ForwardTrace {
    private final List<ModuleCall> calls;

    /**
     * @param calls the module forwards in the order they returned; the last one is the root's
     * @throws IllegalArgumentException if there is no call at all
     */
    public ForwardTrace(List<ModuleCall> calls) {
        this.calls = List.copyOf(Objects.requireNonNull(calls, "calls"));
        if (this.calls.isEmpty()) {
            throw new IllegalArgumentException("a forward trace needs at least the root's call");
        }
    }

    /** The calls in the order they returned. */
    public List<ModuleCall> calls() {
        return calls;
    }

    /** The root forward: whatever the model returned to the app is its output. */
    public ModuleCall root() {
        return calls.get(calls.size() - 1);
    }

    /** The number of calls. */
    public int size() {
        return calls.size();
    }

    /** Call {@code position}, in return order. */
    public ModuleCall call(int position) {
        return calls.get(position);
    }

    @Override
    public String toString() {
        return "ForwardTrace[" + calls.size() + " calls]";
    }
}
