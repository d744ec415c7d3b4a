package io.jprune.runtime.prune;

/**
 * The values given to one call of a pruning function, by {@link PruningArgument}: an immutable value that each
 * surface (the Java API, the MBean, the command line) fills in its own way and {@link PruningMethods} turns into a
 * {@link PruningMethod}. A value never given reads as missing, with the argument named.
 */
public final class PruningArguments {
    /** No argument given: the start of every call's arguments. */
    public static final PruningArguments NONE = new PruningArguments(null, null, null, 0L, null, null, null);

    private final Amount amount;
    private final NormOrder n;
    private final Integer dim;
    private final long seed;
    private final float[] importanceScores;
    private final float[] mask;
    private final PruningMethods pruningMethod;

    private PruningArguments(Amount amount, NormOrder n, Integer dim, long seed, float[] importanceScores,
                             float[] mask, PruningMethods pruningMethod) {
        this.amount = amount;
        this.n = n;
        this.dim = dim;
        this.seed = seed;
        this.importanceScores = importanceScores;
        this.mask = mask;
        this.pruningMethod = pruningMethod;
    }

    /** These arguments with {@code amount}. */
    public PruningArguments withAmount(Amount value) {
        return new PruningArguments(value, n, dim, seed, importanceScores, mask, pruningMethod);
    }

    /** These arguments with {@code n}. */
    public PruningArguments withN(NormOrder value) {
        return new PruningArguments(amount, value, dim, seed, importanceScores, mask, pruningMethod);
    }

    /** These arguments with {@code dim}. */
    public PruningArguments withDim(int value) {
        return new PruningArguments(amount, n, value, seed, importanceScores, mask, pruningMethod);
    }

    /** These arguments with the seed of a random method. */
    public PruningArguments withSeed(long value) {
        return new PruningArguments(amount, n, dim, value, importanceScores, mask, pruningMethod);
    }

    /** These arguments with {@code importance_scores}; {@code null} ranks the parameter's own values. */
    public PruningArguments withImportanceScores(float[] value) {
        return new PruningArguments(amount, n, dim, seed, value == null ? null : value.clone(), mask,
                pruningMethod);
    }

    /** These arguments with the {@code mask} of {@code custom_from_mask}. */
    public PruningArguments withMask(float[] value) {
        return new PruningArguments(amount, n, dim, seed, importanceScores, value == null ? null : value.clone(),
                pruningMethod);
    }

    /** These arguments with the {@code pruning_method} of {@code global_unstructured}. */
    public PruningArguments withPruningMethod(PruningMethods value) {
        return new PruningArguments(amount, n, dim, seed, importanceScores, mask, value);
    }

    /** {@code amount}. */
    public Amount amount() {
        return given(amount, PruningArgument.AMOUNT);
    }

    /** {@code n}. */
    public NormOrder n() {
        return given(n, PruningArgument.N);
    }

    /** {@code dim}. */
    public int dim() {
        return given(dim, PruningArgument.DIM);
    }

    /** The seed; {@code 0} when none was given. */
    public long seed() {
        return seed;
    }

    /** {@code importance_scores}, or {@code null} for the parameter's own values. */
    public float[] importanceScores() {
        return importanceScores == null ? null : importanceScores.clone();
    }

    /** {@code mask}. */
    public float[] mask() {
        return given(mask, PruningArgument.MASK).clone();
    }

    /** {@code pruning_method}. */
    public PruningMethods pruningMethod() {
        return given(pruningMethod, PruningArgument.PRUNING_METHOD);
    }

    /** Whether {@code argument} was given; the seed counts as given when it is not 0. */
    public boolean given(PruningArgument argument) {
        return switch (argument) {
            case AMOUNT -> amount != null;
            case N -> n != null;
            case DIM -> dim != null;
            case SEED -> seed != 0L;
            case IMPORTANCE_SCORES -> importanceScores != null;
            case MASK -> mask != null;
            case PRUNING_METHOD -> pruningMethod != null;
        };
    }

    /** The value of an argument a summary shows, as text, e.g. {@code 0.3} for {@code amount}. */
    String text(PruningArgument argument) {
        return switch (argument) {
            case AMOUNT -> String.valueOf(amount());
            case N -> String.valueOf(n());
            case DIM -> String.valueOf(dim());
            default -> throw new IllegalArgumentException(argument.pytorchName() + " is not shown in a summary");
        };
    }

    private static <T> T given(T value, PruningArgument argument) {
        if (value == null) {
            throw new IllegalArgumentException(argument.pytorchName() + " is missing");
        }
        return value;
    }

    @Override
    public String toString() {
        return "PruningArguments(amount=" + amount + ", n=" + n + ", dim=" + dim + ", seed=" + seed + ")";
    }
}
