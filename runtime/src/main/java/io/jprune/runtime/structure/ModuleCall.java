package io.jprune.runtime.structure;

/**
 * One module forward as a trace saw it: which module ran, what it was given and what it returned. Copies, so
 * that a later forward of the app reusing its buffers cannot change a recorded trace.
 *
 * @param module the module's qualified name, {@code ""} for the root
 * @param input  a copy of the forward's first {@code float[]} argument, or {@code null} when it had none
 * @param output a copy of the {@code float[]} the forward returned (after any perturbation the trace asked
 *               for), or {@code null} when it returned something else
 */
public record ModuleCall(String module, float[] input, float[] output) {

    /** The length of the input, or 0 when the forward had no {@code float[]} argument. */
    public int inputLength() {
        return input == null ? 0 : input.length;
    }

    /** The length of the output, or 0 when the forward returned no {@code float[]}. */
    public int outputLength() {
        return output == null ? 0 : output.length;
    }
}
