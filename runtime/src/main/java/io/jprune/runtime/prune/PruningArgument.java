package io.jprune.runtime.prune;

/**
 * One argument of a {@code torch.nn.utils.prune} function, under PyTorch's keyword name, so that every surface
 * (the MBean's parameter names, the command line's options, the summary of a prune) spells it the same way.
 */
public enum PruningArgument {
    /** {@code amount}: {@code 16} a count, {@code 0.3} a fraction, as PyTorch's int and float. */
    AMOUNT("amount", "A", true),
    /** {@code n}: the norm of {@code ln_structured}, as {@code torch.norm}'s {@code p}. */
    N("n", "N", true),
    /** {@code dim}: the dim whose slices a structured method prunes. */
    DIM("dim", "D", true),
    /** jprune's seed for the random methods, so that a prune can be repeated; PyTorch uses the global RNG. */
    SEED("seed", "S", false),
    /** {@code importance_scores}: flat row-major scores ranked instead of the parameter's values. */
    IMPORTANCE_SCORES("importance_scores", "FILE", false),
    /** {@code mask}: flat row-major 0s and 1s for {@code custom_from_mask}. */
    MASK("mask", "FILE", false),
    /** {@code pruning_method}: the unstructured method that {@code global_unstructured} ranks with. */
    PRUNING_METHOD("pruning_method", "METHOD", false);

    private final String pytorchName;
    private final String placeholder;
    private final boolean labelled;

    PruningArgument(String pytorchName, String placeholder, boolean labelled) {
        this.pytorchName = pytorchName;
        this.placeholder = placeholder;
        this.labelled = labelled;
    }

    /** The keyword PyTorch gives the argument, e.g. {@code importance_scores}. */
    public String pytorchName() {
        return pytorchName;
    }

    /** How a usage line shows the value, e.g. {@code A} for an amount, {@code FILE} for a tensor. */
    public String placeholder() {
        return placeholder;
    }

    /**
     * Whether a prune's one-line summary shows the value ({@code amount=0.3 dim=0}); seeds, tensors and the
     * inner method are left out to keep the line short.
     */
    public boolean labelled() {
        return labelled;
    }
}
