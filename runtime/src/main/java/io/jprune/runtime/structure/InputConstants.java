package io.jprune.runtime.structure;

/**
 * The value a removed channel delivers to a consumer. A channel whose weights are all pruned outputs only
 * its bias, so what reaches the consumer (after ReLU, pooling, a residual sum) is one constant per input
 * channel; that constant is read from the traces rather than computed, so that whatever functional code
 * lies between the two layers is taken into account. It must be the same at every position and in every
 * captured input, or folding it into the consumer's bias would change the model.
 */
final class InputConstants {
    private InputConstants() {
    }

    /**
     * The constants found, one per input channel in {@code inputs} order, or the problem.
     *
     * @param values  the constants, or {@code null} when there is a problem
     * @param problem why the inputs are not constant, or {@code null}
     */
    record Reading(double[] values, String problem) {
    }

    static Reading read(Baselines baselines, Layer consumer, int[] inputs) {
        float[] reference = onlyInputOf(baselines.first(), consumer.name());
        if (reference == null) {
            return new Reading(null, consumer.name() + " does not run exactly once per forward");
        }
        int plane = reference.length / consumer.inChannels();
        double[] values = new double[inputs.length];
        for (int n = 0; n < inputs.length; n++) {
            values[n] = reference[inputs[n] * plane];
        }
        for (int t = 0; t < baselines.count(); t++) {
            float[] input = onlyInputOf(baselines.all().get(t), consumer.name());
            if (input == null || input.length != reference.length) {
                return new Reading(null, consumer.name() + " does not run once on " + reference.length
                        + " values for captured input " + t);
            }
            for (int n = 0; n < inputs.length; n++) {
                float constant = (float) values[n];
                for (int i = inputs[n] * plane, end = i + plane; i < end; i++) {
                    if (ChangeOwners.changed(constant, input[i])) {
                        return new Reading(null, "input channel " + inputs[n] + " of " + consumer.name()
                                + " is not constant (" + constant + " and " + input[i]
                                + (t == 0 ? " in one input" : " in captured inputs 0 and " + t)
                                + "), so it cannot be folded into the bias");
                    }
                }
            }
        }
        return new Reading(values, null);
    }

    private static float[] onlyInputOf(ForwardTrace trace, String module) {
        float[] found = null;
        for (ModuleCall call : trace.calls()) {
            if (call.module().equals(module)) {
                if (found != null) {
                    return null;
                }
                found = call.input();
            }
        }
        return found;
    }
}
