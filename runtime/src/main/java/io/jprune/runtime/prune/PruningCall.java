package io.jprune.runtime.prune;

import java.util.List;
import java.util.Objects;

/**
 * One call of {@code torch.nn.utils.prune} that changed a model, as a model's history keeps it: the function's
 * PyTorch name ({@code ln_structured}, {@code global_unstructured}, {@code remove}), the parameters it was given and
 * its arguments, so that the same calls, replayed on another replica of the model, reproduce its state exactly
 * (random methods carry their seed).
 *
 * @param function  the PyTorch function, e.g. {@code l1_unstructured}, or {@code remove}
 * @param params    the qualified parameter names, one except for {@code global_unstructured}
 * @param arguments the arguments as given ({@link PruningArguments#NONE} for {@code identity} and {@code remove})
 */
public record PruningCall(String function, List<String> params, PruningArguments arguments) {
    /** The name of {@code prune.remove}, which is no pruning method but belongs to a history. */
    public static final String REMOVE = "remove";

    public PruningCall {
        Objects.requireNonNull(function, "function");
        params = List.copyOf(params);
        Objects.requireNonNull(arguments, "arguments");
    }

    /** The method row of this call, or {@code null} for {@code remove}. */
    public PruningMethods method() {
        return PruningMethods.named(function).orElse(null);
    }

    /** Whether replaying the call without {@code param} would be another call (it ranks several parameters). */
    public boolean touches(String param) {
        return params.contains(param);
    }
}
