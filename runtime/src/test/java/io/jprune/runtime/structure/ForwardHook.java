package io.jprune.runtime.structure;

/**
 * What the toy models in these tests call as each module forward returns, standing in for the agent's forward
 * exit advice: the hook may change the output in place (a perturbation) and record the call.
 */
@FunctionalInterface
interface ForwardHook {
    ForwardHook NONE = (module, input, output) -> output;

    /** Called with the module's input and output; returns the output the model goes on with. */
    float[] exit(String module, float[] input, float[] output);
}
