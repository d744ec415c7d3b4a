package io.jprune.runtime.prune;

import io.jprune.kernels.BitMask;
import io.jprune.kernels.Kernels;
import io.jprune.runtime.spi.TensorForm;
import io.jprune.runtime.tensor.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One pruned parameter as PyTorch holds it: the original values ({@code weight_orig}), the mask
 * ({@code weight_mask}), the methods applied so far, and the weight the model computes with
 * ({@code weight_orig * weight_mask}).
 *
 * <p>Immutable: a prune returns a new state and leaves this one as it was, so a prune that fails halfway
 * (a bad amount, a bad dim) changes nothing, where PyTorch would have dropped its hook. The original array
 * is shared by every state of the parameter and never written, which is what lets {@code restore} give it
 * back bit for bit.
 *
 * <p>Both full-size tensors are kept in the app's {@link TensorForm}: the original is the app's own object and
 * the masked weight is what the app is given to read, so jprune holds one extra copy and a 1-bit mask per
 * parameter whatever the app's form. {@link #orig()} and {@link #weight()} flatten them again when the form is
 * not flat.
 */
public final class PrunedParameter {
    private final Shape shape;
    private final TensorForm form;
    private final Object orig;
    private final BitMask mask;
    private final Object weight;
    private final List<PruningMethod> methods;
    private final int zeros;

    /** @param flatOrig {@code form.values(orig)}, which the caller already has */
    private PrunedParameter(Shape shape, TensorForm form, Object orig, float[] flatOrig, BitMask mask,
                            List<PruningMethod> methods, Kernels kernels) {
        if (mask.size() != flatOrig.length) {
            throw new IllegalStateException("a " + methods.get(methods.size() - 1) + " mask has " + mask.size()
                    + " elements for a parameter of " + flatOrig.length);
        }
        float[] product = new float[flatOrig.length];
        kernels.maskedMultiply(flatOrig, mask, product);
        this.shape = shape;
        this.form = form;
        this.orig = orig;
        this.mask = mask;
        this.methods = methods;
        this.weight = form.toAppValue(product);
        this.zeros = mask.zeros();
    }

    /**
     * The first prune of a parameter: the mask starts as all ones and the scores default to the original
     * values, as in PyTorch's {@code apply}.
     *
     * @param orig the parameter's values; kept, never written, so the caller must not write them either
     * @param importanceScores scores to rank by instead of the values, or {@code null}
     * @throws IllegalArgumentException or IndexOutOfBoundsException with PyTorch's text
     */
    public static PrunedParameter prune(float[] orig, Shape shape, PruningMethod method, float[] importanceScores,
                                        Kernels kernels) {
        return prune(orig, TensorForm.FLAT, shape, method, importanceScores, kernels);
    }

    /**
     * The first prune of a parameter the app holds in {@code form}.
     *
     * @param orig the app's own object; kept, never written, so the caller must not write it either
     * @throws IllegalArgumentException or IndexOutOfBoundsException with PyTorch's text
     */
    public static PrunedParameter prune(Object orig, TensorForm form, Shape shape, PruningMethod method,
                                        float[] importanceScores, Kernels kernels) {
        Objects.requireNonNull(method, "method");
        float[] flatOrig = form.values(orig);
        if (flatOrig.length != shape.numel()) {
            throw new IllegalArgumentException("the parameter has " + flatOrig.length + " values but its shape "
                    + shape + " holds " + shape.numel());
        }
        float[] scores = importanceScores == null ? flatOrig : checked(importanceScores, shape);
        BitMask mask = method.computeMask(scores, shape, BitMask.ones(flatOrig.length), kernels);
        return new PrunedParameter(shape, form, orig, flatOrig, mask, List.of(method), kernels);
    }

    /**
     * A later prune, composed with the earlier ones as PyTorch's {@link PruningContainer} does; the scores
     * default to the current pruned {@link #weight()}. This state is left untouched whatever happens.
     *
     * @param importanceScores scores to rank by instead of the current weight, or {@code null}
     * @return the new state
     * @throws IllegalArgumentException or IndexOutOfBoundsException with PyTorch's text
     */
    public PrunedParameter prune(PruningMethod method, float[] importanceScores, Kernels kernels) {
        Objects.requireNonNull(method, "method");
        float[] scores = importanceScores == null ? weight() : checked(importanceScores, shape);
        BitMask next = PruningContainer.computeMask(method, scores, shape, mask.copy(), kernels);
        List<PruningMethod> history = new ArrayList<>(methods);
        history.add(method);
        return new PrunedParameter(shape, form, orig, orig(), next, List.copyOf(history), kernels);
    }

    private static float[] checked(float[] importanceScores, Shape shape) {
        if (importanceScores.length != shape.numel()) {
            throw new IllegalArgumentException("importance_scores should have the same shape as parameter: got "
                    + importanceScores.length + " scores for a parameter of shape " + shape + " ("
                    + shape.numel() + " values)");
        }
        return importanceScores;
    }

    /** The parameter's shape. */
    public Shape shape() {
        return shape;
    }

    /**
     * PyTorch's {@code weight_orig}, flat: in the flat form the very array given at the first prune, returned
     * without a copy because it may be large; in another form a new flat copy. Never written by jprune;
     * callers must not write it either.
     */
    public float[] orig() {
        return form.values(orig);
    }

    /** PyTorch's {@code weight_mask}, one bit per entry (set = kept), as a copy the caller may change. */
    public BitMask mask() {
        return mask.copy();
    }

    /**
     * The weight the model computes with, {@code orig * mask}, flat. Pruned negative weights are -0.0, as in
     * PyTorch. In the flat form shared, not copied: callers must not write it.
     */
    public float[] weight() {
        return form.values(weight);
    }

    /**
     * {@link #weight()} in the app's form, computed once for this state so that installing it, before any
     * number of forward passes, costs nothing. Shared: callers must not write it.
     */
    public Object appWeight() {
        return weight;
    }

    /**
     * Lets {@code kernels} drop what they keep for this parameter's original (a GPU's device copy); for when
     * the parameter stops being pruned. Only an original the app holds as a flat array can have such a copy: in
     * another form every computation flattens it anew.
     */
    public void release(Kernels kernels) {
        if (orig instanceof float[] flat) {
            kernels.release(flat);
        }
    }

    /** The methods applied so far, oldest first: PyTorch's hook, or its {@code PruningContainer}, in order. */
    public List<PruningMethod> methods() {
        return methods;
    }

    /**
     * The number of entries the mask prunes. Entries whose original value happens to be 0 but that the mask
     * keeps are not counted; {@code Kernels.countZeros(weight())} counts those too, as
     * {@code torch.sum(weight == 0)} would.
     */
    public int zeros() {
        return zeros;
    }

    @Override
    public String toString() {
        return "PrunedParameter[" + shape + ", " + zeros + " of " + shape.numel() + " pruned, " + methods + "]";
    }
}
