package io.jprune.runtime.model;

import io.jprune.runtime.prune.PrunedParameter;

/**
 * What jprune wants one parameter of the app to be, immutable. It exists only for parameters jprune has
 * touched; the others are whatever the app holds.
 *
 * @param original       the app's own object, which {@code restore} puts back (after {@code remove}: the
 *                       masked values, which are then the parameter for good)
 * @param pruned         the {@code weight_orig}/{@code weight_mask} pair, or {@code null} when not pruned
 * @param order          the parameter's position among its module's parameters: PyTorch moves a parameter
 *                       to the end when it becomes {@code weight_orig} and again when {@code remove} turns
 *                       it back into {@code weight}
 */
public record ParameterState(Object original, PrunedParameter pruned, long order) {

    /** The object the app's field should hold in this state. */
    public Object appValue() {
        return pruned != null ? pruned.appWeight() : original;
    }

    public boolean isPruned() {
        return pruned != null;
    }
}
