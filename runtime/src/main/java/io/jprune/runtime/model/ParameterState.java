package io.jprune.runtime.model;

import io.jprune.runtime.prune.PrunedParameter;

/**
 * What jprune wants one parameter of the app to be, immutable. It exists only for parameters jprune has
 * touched; the others are whatever the app holds.
 *
 * @param original       the app's own object, which {@code restore} puts back (after {@code remove}: the
 *                       masked values, which are then the parameter for good)
 * @param pruned         the {@code weight_orig}/{@code weight_mask} pair, or {@code null} when not pruned
 * @param prunedAppValue {@code pruned.weight()} in the form the app reads, made once per state so that a
 *                       forward never computes it
 * @param order          the parameter's position among its module's parameters: PyTorch moves a parameter
 *                       to the end when it becomes {@code weight_orig} and again when {@code remove} turns
 *                       it back into {@code weight}
 */
record ParameterState(Object original, PrunedParameter pruned, Object prunedAppValue, long order) {

    /** The object the app's field should hold in this state. */
    Object appValue() {
        return pruned != null ? prunedAppValue : original;
    }

    boolean isPruned() {
        return pruned != null;
    }
}
