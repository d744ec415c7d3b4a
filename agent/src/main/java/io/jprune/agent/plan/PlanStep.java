package io.jprune.agent.plan;

import io.jprune.runtime.api.Pruner;
import io.jprune.runtime.prune.PruningArguments;
import io.jprune.runtime.prune.PruningCall;
import io.jprune.runtime.prune.PruningMethods;
import java.util.List;

/**
 * One step of a plan: a {@code torch.nn.utils.prune} call with its parameters and arguments, already checked as
 * PyTorch's constructors check them, so that only what depends on the model (its parameter names and shapes) can
 * still refuse it when it is applied.
 *
 * @param number    the step's place in the plan, from 1, for messages
 * @param function  the PyTorch function, e.g. {@code ln_structured}, or {@code remove}
 * @param params    the qualified parameter names (several for {@code global_unstructured})
 * @param arguments the call's arguments
 */
public record PlanStep(int number, String function, List<String> params, PruningArguments arguments) {

    public PlanStep {
        params = List.copyOf(params);
    }

    /** The call on a pruner, returning its summary. */
    public String applyTo(Pruner pruner) {
        if (function.equals(PruningCall.REMOVE)) {
            return pruner.remove(params.get(0));
        }
        PruningMethods method = PruningMethods.named(function).orElseThrow();
        return method.overSeveralParameters() ? pruner.globalUnstructured(params, arguments)
                : pruner.prune(method, params.get(0), arguments);
    }

    /** How messages name the step, e.g. {@code step 2 (ln_structured conv1.weight)}. */
    public String describe() {
        return "step " + number + " (" + function + " " + String.join(", ", params) + ")";
    }
}
