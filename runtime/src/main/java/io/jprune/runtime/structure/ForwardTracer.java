package io.jprune.runtime.structure;

/**
 * Replays one of the inputs the app itself gave its model, recording every module forward. This is how the
 * structure analysis sees which channel feeds what without being told the architecture: it runs the
 * model's own code.
 *
 * <p>An adapter implements it with its forward hooks on a trace session bound to the tracing thread, so
 * that the app's own threads neither see the perturbation nor pay for the recording.
 */
public interface ForwardTracer {

    /** How many captured root inputs can be replayed (the first few root-forward arguments the app passed). */
    int inputCount();

    /**
     * Why there is no input to replay, when {@link #inputCount()} is 0: for people reading the report. The default
     * says the app has not run the model yet; an adapter that refused to capture (arguments it cannot copy) says
     * why.
     */
    default String noInputReason() {
        return "no captured input to trace: the app has not run the model since jprune started";
    }

    /**
     * Runs the root forward on captured input {@code input} and records every module forward, the root's
     * included, as {@link ModuleCall}s in the order they return.
     *
     * @param input        which captured input, {@code 0 <= input < inputCount()}
     * @param perturbation when not {@code null}: as each forward of {@code perturbation.module()} returns, its
     *                     output is changed in place with {@link ChannelPerturbation#applyTo(float[])} before
     *                     anything else sees it (and before it is recorded)
     * @return the trace
     * @throws RuntimeException when the forward fails; the analysis then reports why and compacts nothing
     *     that depends on this trace
     */
    ForwardTrace trace(int input, ChannelPerturbation perturbation);
}
