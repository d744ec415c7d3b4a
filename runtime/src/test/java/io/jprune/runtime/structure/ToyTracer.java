package io.jprune.runtime.structure;

import java.util.ArrayList;
import java.util.List;

/**
 * The tests' {@link ForwardTracer}: replays captured inputs through a toy model with a recording hook that
 * applies the perturbation as the module returns, as the agent's exit advice will.
 */
final class ToyTracer implements ForwardTracer {
    private final ToyModel model;
    private final List<float[]> inputs;
    private int traces;

    ToyTracer(ToyModel model, List<float[]> inputs) {
        this.model = model;
        this.inputs = List.copyOf(inputs);
    }

    @Override
    public int inputCount() {
        return inputs.size();
    }

    @Override
    public ForwardTrace trace(int input, ChannelPerturbation perturbation) {
        traces++;
        List<ModuleCall> calls = new ArrayList<>();
        model.forward(inputs.get(input).clone(), (module, in, out) -> {
            if (perturbation != null && perturbation.appliesTo(module)) {
                perturbation.applyTo(out);
            }
            calls.add(new ModuleCall(module, in.clone(), out.clone()));
            return out;
        });
        return new ForwardTrace(calls);
    }

    /** How many forwards the analysis asked for. */
    int traces() {
        return traces;
    }
}
