package io.jprune.runtime.structure;

import java.util.List;

/**
 * Everything compaction installs, for every layer it changes. Computed without writing anything, so that
 * an adapter can install all of it in one generation (no forward ever sees half a compaction) or none of it.
 */
public final class CompactionPlan {
    private final List<LayerChange> changes;

    CompactionPlan(List<LayerChange> changes) {
        this.changes = List.copyOf(changes);
    }

    /** The layers that change, in layer order. */
    public List<LayerChange> changes() {
        return changes;
    }

    /** The change of one layer, or {@code null} when compaction leaves it as it is. */
    public LayerChange change(String module) {
        for (LayerChange change : changes) {
            if (change.module().equals(module)) {
                return change;
            }
        }
        return null;
    }

    /** Whether there is nothing to compact. */
    public boolean isEmpty() {
        return changes.isEmpty();
    }

    @Override
    public String toString() {
        return "CompactionPlan" + changes;
    }
}
