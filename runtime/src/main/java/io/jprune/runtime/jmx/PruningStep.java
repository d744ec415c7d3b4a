package io.jprune.runtime.jmx;

import io.jprune.runtime.prune.PruningArgument;
import io.jprune.runtime.prune.PruningArguments;
import io.jprune.runtime.prune.PruningCall;
import io.jprune.runtime.prune.PruningMethods;
import javax.management.ConstructorParameters;

/**
 * One call of a model's pruning history, in PyTorch's vocabulary, as a JMX console receives it ({@code CompositeData}
 * with the items below; an argument the call did not take is {@code null}). {@code jprune plan} turns a history into
 * a plan that reproduces the model's state on another replica.
 */
public final class PruningStep {
    private final String function;
    private final String[] params;
    private final String amount;
    private final String n;
    private final Integer dim;
    private final Long seed;
    private final String pruningMethod;
    private final float[] importanceScores;
    private final float[] mask;

    /**
     * @param function         PyTorch's function, e.g. {@code ln_structured} or {@code remove}
     * @param params           qualified parameter names
     * @param amount           {@code "16"} a count, {@code "0.3"} a fraction, or {@code null}
     * @param n                the norm of {@code ln_structured}, or {@code null}
     * @param dim              the dim of a structured method, or {@code null}
     * @param seed             the seed of a random method, or {@code null}
     * @param pruningMethod    global_unstructured's method as PyTorch's class name, or {@code null}
     * @param importanceScores scores ranked instead of the values, or {@code null}
     * @param mask             custom_from_mask's mask, or {@code null}
     */
    @ConstructorParameters({"function", "params", "amount", "n", "dim", "seed", "pruningMethod", "importanceScores",
            "mask"})
    public PruningStep(String function, String[] params, String amount, String n, Integer dim, Long seed,
                       String pruningMethod, float[] importanceScores, float[] mask) {
        this.function = function;
        this.params = params.clone();
        this.amount = amount;
        this.n = n;
        this.dim = dim;
        this.seed = seed;
        this.pruningMethod = pruningMethod;
        this.importanceScores = importanceScores == null ? null : importanceScores.clone();
        this.mask = mask == null ? null : mask.clone();
    }

    /** The step of one recorded call. */
    static PruningStep of(PruningCall call) {
        PruningArguments arguments = call.arguments();
        PruningMethods method = call.method();
        boolean random = method != null && (method.overSeveralParameters()
                ? arguments.pruningMethod().takes(PruningArgument.SEED) : method.takes(PruningArgument.SEED));
        return new PruningStep(call.function(), call.params().toArray(new String[0]),
                arguments.given(PruningArgument.AMOUNT) ? arguments.amount().toString() : null,
                arguments.given(PruningArgument.N) ? arguments.n().toString() : null,
                arguments.given(PruningArgument.DIM) ? arguments.dim() : null,
                random ? arguments.seed() : null,
                arguments.given(PruningArgument.PRUNING_METHOD) ? arguments.pruningMethod().className() : null,
                arguments.importanceScores(),
                arguments.given(PruningArgument.MASK) ? arguments.mask() : null);
    }

    public String getFunction() {
        return function;
    }

    public String[] getParams() {
        return params.clone();
    }

    public String getAmount() {
        return amount;
    }

    public String getN() {
        return n;
    }

    public Integer getDim() {
        return dim;
    }

    public Long getSeed() {
        return seed;
    }

    public String getPruningMethod() {
        return pruningMethod;
    }

    public float[] getImportanceScores() {
        return importanceScores == null ? null : importanceScores.clone();
    }

    public float[] getMask() {
        return mask == null ? null : mask.clone();
    }
}
