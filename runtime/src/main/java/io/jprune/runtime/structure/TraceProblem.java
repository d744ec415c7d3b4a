package io.jprune.runtime.structure;

/** Why the traces cannot be trusted for the whole model (a forward that fails, or is not repeatable). */
final class TraceProblem extends RuntimeException {
    private static final long serialVersionUID = 1L;

    TraceProblem(String message) {
        super(message);
    }
}
