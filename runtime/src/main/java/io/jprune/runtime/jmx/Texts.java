package io.jprune.runtime.jmx;

/**
 * Descriptions shared by the operations of {@link ModelMXBean} that take the same argument in another form (an array
 * for scripts, text for consoles), so that both say the same thing.
 */
final class Texts {
    static final String PARAM = "qualified parameter name, e.g. conv1.weight";
    static final String AMOUNT = "\"16\": a count; \"0.3\": a fraction of what remains";
    static final String SLICE_AMOUNT = "\"2\": a count of slices; \"0.3\": a fraction of the remaining slices";
    static final String NORM = "the norm: 1, 2, inf, -inf, fro, ... as torch.norm's p";
    static final String DIM = "the dim whose slices are pruned; negative counts from the end";
    static final String VALUES_OR_FILE = "a file path in the app's file system, or the values, flat and row-major, "
            + "e.g. \"0.5, 0.1, 2\" or PyTorch's tensor([[0.5, 0.1], ...])";

    private Texts() {
    }
}
