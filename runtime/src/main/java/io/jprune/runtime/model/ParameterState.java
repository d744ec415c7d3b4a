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
 * @param removed        whether {@code remove} made this parameter's pruning permanent: {@code original} is then
 *                       the masked values, and the app's values before that prune are gone for good
 */
public record ParameterState(Object original, PrunedParameter pruned, long order, boolean removed) {

    /** A state of a parameter whose pruning {@code remove} never made permanent. */
    public ParameterState(Object original, PrunedParameter pruned, long order) {
        this(original, pruned, order, false);
    }

    /** The object the app's field should hold in this state. */
    public Object appValue() {
        return pruned != null ? pruned.appWeight() : original;
    }

    public boolean isPruned() {
        return pruned != null;
    }
}
