package io.jprune.runtime.prune;

import io.jprune.kernels.BitMask;
import io.jprune.kernels.Kernels;
import io.jprune.runtime.tensor.Shape;

/**
 * PyTorch's rule for pruning a parameter that is already pruned ({@code PruningContainer._combine_masks}):
 * the new method chooses only among what is left, and old zeros stay zero. Unstructured methods choose
 * among the entries still kept, and a fraction is of those; structured methods skip the channels along
 * their own dim that are already entirely pruned; {@code CustomFromMask} acts on the whole tensor.
 */
public final class PruningContainer {
    private PruningContainer() {
    }

    /**
     * The mask after applying {@code method} on top of {@code defaultMask}.
     *
     * @param scores the importance scores, normally the current pruned weight
     * @param defaultMask the current mask; not changed
     * @return a new mask that prunes at least what {@code defaultMask} prunes
     * @throws IllegalArgumentException or IndexOutOfBoundsException with PyTorch's text; nothing changes then
     */
    public static BitMask computeMask(PruningMethod method, float[] scores, Shape shape, BitMask defaultMask,
                                      Kernels kernels) {
        PruningMethod.checkSizes(scores, shape, defaultMask);
        switch (method.pruningType()) {
            case UNSTRUCTURED:
                return ((UnstructuredMethod) method).computeMask(scores, shape, defaultMask, defaultMask, kernels);
            case STRUCTURED:
                StructuredMethod structured = (StructuredMethod) method;
                int d = structured.checkedDim(shape);
                boolean[] alive = kernels.channelsAlive(defaultMask, shape.dims(), d);
                return structured.computeMask(scores, shape, defaultMask, alive, kernels);
            default:
                return method.computeMask(scores, shape, defaultMask, kernels);
        }
    }
}
