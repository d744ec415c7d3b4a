package io.jprune.runtime.record;

/**
 * The kinds of change jprune makes to a model's weights, each recorded as a JFR event and a JMX notification so
 * that a recording or a console shows when a service's weights changed. The notification type is
 * {@code io.jprune.change.} followed by {@link #label()}.
 */
public enum ChangeKind {
    /** A pruning method applied to one or more parameters. */
    PRUNE("prune"),
    /** {@code prune.remove}: the masked values made permanent. */
    REMOVE("remove"),
    /** {@code restore}: the app's original values back. */
    RESTORE("restore"),
    /** Entirely pruned channels physically removed. */
    COMPACT("compact"),
    /** One step of a sensitivity sweep, computed on a private copy: the app's weights are not changed. */
    SWEEP_STEP("sweep-step");

    private final String label;

    ChangeKind(String label) {
        this.label = label;
    }

    /** The lower-case name used in events and notification types. */
    public String label() {
        return label;
    }

    /** The JMX notification type of this kind of change. */
    public String notificationType() {
        return "io.jprune.change." + label;
    }
}
