package io.jprune.runtime.prune;

/**
 * PyTorch's {@code PRUNING_TYPE}: it decides which units a later prune may still choose from when methods
 * are stacked on one parameter (see {@link PruningContainer}).
 */
public enum PruningType {
    /** Chooses single entries; a later prune chooses among the entries still kept. */
    UNSTRUCTURED,
    /** Chooses whole channels along a dim; a later prune skips channels already entirely pruned. */
    STRUCTURED,
    /** Acts on the whole tensor at once ({@code CustomFromMask}). */
    GLOBAL
}
