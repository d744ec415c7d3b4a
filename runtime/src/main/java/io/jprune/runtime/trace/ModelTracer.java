package io.jprune.runtime.trace;

import io.jprune.runtime.model.Model;
import io.jprune.runtime.structure.ChannelPerturbation;
import io.jprune.runtime.structure.ForwardTrace;
import io.jprune.runtime.structure.ForwardTracer;
import java.util.List;

/**
 * The structure analysis' view of a running model: the app's captured root inputs, replayed through the
 * app's own forward on the analysing thread with a trace session, so that the app's threads, running at the
 * same time, see no perturbation.
 */
public final class ModelTracer implements ForwardTracer {
    private final Model model;
    private final RootForward forward;
    private final List<Object[]> inputs;
    private final String refusal;

    /** A tracer over the inputs captured so far (later captures are not seen, so that every trace has the same inputs). */
    public ModelTracer(Model model) {
        this.model = model;
        this.forward = new RootForward(model);
        this.inputs = model.capturedInputs().snapshot();
        this.refusal = model.capturedInputs().refusal();
    }

    @Override
    public int inputCount() {
        return inputs.size();
    }

    @Override
    public String noInputReason() {
        return refusal != null ? "model " + model.name() + " cannot be traced: " + refusal
                : ForwardTracer.super.noInputReason();
    }

    @Override
    public ForwardTrace trace(int input, ChannelPerturbation perturbation) {
        return forward.trace(copy(inputs.get(input)), perturbation);
    }

    /** What the model returns for captured input {@code input} now, computed without recording anything. */
    public Object output(int input) {
        return forward.run(copy(inputs.get(input)));
    }

    /** A fresh copy for every forward: the app's code may write into its arguments. */
    private Object[] copy(Object[] arguments) {
        Object[] copy = new Object[arguments.length];
        for (int i = 0; i < copy.length; i++) {
            copy[i] = model.activations().copy(arguments[i]);
        }
        return copy;
    }
}
