package io.jprune.runtime.prune;

import static io.jprune.runtime.prune.PruningArgument.AMOUNT;
import static io.jprune.runtime.prune.PruningArgument.DIM;
import static io.jprune.runtime.prune.PruningArgument.IMPORTANCE_SCORES;
import static io.jprune.runtime.prune.PruningArgument.MASK;
import static io.jprune.runtime.prune.PruningArgument.N;
import static io.jprune.runtime.prune.PruningArgument.PRUNING_METHOD;
import static io.jprune.runtime.prune.PruningArgument.SEED;

import io.jprune.kernels.BitMask;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The functions of {@code torch.nn.utils.prune}, listed once: each one's PyTorch name, its arguments, how its
 * {@link PruningMethod} is built from them and the label of its one-line summary. The functional API
 * ({@code Pruner}), the Model MBean and the command line all read this table, so that adding a method is one
 * {@link PruningMethod} class plus one row, and no surface can name, validate or describe a method differently
 * from another. Rows are constants; the order is the order in which people are shown them.
 */
public enum PruningMethods {
    /** {@code prune.identity(module, name)}. */
    IDENTITY("identity", "Identity", null, List.of(), List.of(), arguments -> new Identity()),
    /** {@code prune.random_unstructured(module, name, amount)}, seeded. */
    RANDOM_UNSTRUCTURED("random_unstructured", "RandomUnstructured", "random", List.of(AMOUNT), List.of(SEED),
            arguments -> new RandomUnstructured(arguments.amount(), arguments.seed())),
    /** {@code prune.l1_unstructured(module, name, amount, importance_scores=None)}. */
    L1_UNSTRUCTURED("l1_unstructured", "L1Unstructured", "l1", List.of(AMOUNT), List.of(IMPORTANCE_SCORES),
            arguments -> new L1Unstructured(arguments.amount())),
    /** {@code prune.random_structured(module, name, amount, dim)}, seeded. */
    RANDOM_STRUCTURED("random_structured", "RandomStructured", null, List.of(AMOUNT, DIM), List.of(SEED),
            arguments -> new RandomStructured(arguments.amount(), arguments.dim(), arguments.seed())),
    /** {@code prune.ln_structured(module, name, amount, n, dim, importance_scores=None)}. */
    LN_STRUCTURED("ln_structured", "LnStructured", null, List.of(AMOUNT, N, DIM), List.of(IMPORTANCE_SCORES),
            arguments -> new LnStructured(arguments.amount(), arguments.n(), arguments.dim())),
    /**
     * {@code prune.global_unstructured(parameters, pruning_method, amount)}: one ranking over several parameters;
     * its method is the {@code pruning_method}'s, built from the same arguments.
     */
    GLOBAL_UNSTRUCTURED("global_unstructured", null, null, List.of(PRUNING_METHOD, AMOUNT), List.of(SEED),
            arguments -> arguments.pruningMethod().construct(arguments)),
    /** {@code prune.custom_from_mask(module, name, mask)}. */
    CUSTOM_FROM_MASK("custom_from_mask", "CustomFromMask", null, List.of(MASK), List.of(),
            arguments -> new CustomFromMask(BitMask.fromFloats(arguments.mask())));

    private final String pytorchName;
    private final String className;
    private final String globalName;
    private final List<PruningArgument> required;
    private final List<PruningArgument> optional;
    private final Function<PruningArguments, PruningMethod> constructor;

    PruningMethods(String pytorchName, String className, String globalName, List<PruningArgument> required,
                   List<PruningArgument> optional, Function<PruningArguments, PruningMethod> constructor) {
        this.pytorchName = pytorchName;
        this.className = className;
        this.globalName = globalName;
        this.required = required;
        this.optional = optional;
        this.constructor = constructor;
    }

    /** The function's name in {@code torch.nn.utils.prune}, e.g. {@code ln_structured}. */
    public String pytorchName() {
        return pytorchName;
    }

    /** PyTorch's class of the method, e.g. {@code L1Unstructured}, or {@code null} for global_unstructured. */
    public String className() {
        return className;
    }

    /** The short name {@code global_unstructured} takes for this method ({@code l1}), or {@code null}. */
    public String globalName() {
        return globalName;
    }

    /** The arguments a call must give besides the parameter, in PyTorch's order. */
    public List<PruningArgument> required() {
        return required;
    }

    /** The arguments a call may give. */
    public List<PruningArgument> optional() {
        return optional;
    }

    /** Whether the method takes {@code argument}, required or not. */
    public boolean takes(PruningArgument argument) {
        return required.contains(argument) || optional.contains(argument);
    }

    /** Whether it prunes several parameters with one ranking rather than one parameter. */
    public boolean overSeveralParameters() {
        return takes(PRUNING_METHOD);
    }

    /**
     * The method with its arguments. PyTorch's constructors validate here, with PyTorch's text, before any
     * parameter is looked at: a bad {@code amount} is reported as PyTorch reports it.
     */
    public PruningMethod construct(PruningArguments arguments) {
        return constructor.apply(arguments);
    }

    /** The summary's label, e.g. {@code ln_structured amount=0.5 n=2 dim=0}. */
    public String label(PruningArguments arguments) {
        StringBuilder label = new StringBuilder(pytorchName);
        for (PruningArgument argument : required) {
            if (argument.labelled()) {
                label.append(' ').append(argument.pytorchName()).append('=').append(arguments.text(argument));
            }
        }
        return label.toString();
    }

    /** The row of a PyTorch function name such as {@code l1_unstructured}. */
    public static Optional<PruningMethods> named(String pytorchName) {
        return Arrays.stream(values()).filter(m -> m.pytorchName.equals(pytorchName)).findFirst();
    }

    /** The names {@code global_unstructured} accepts for its {@code pruning_method}, in alphabetical order. */
    public static List<String> globalNames() {
        return Arrays.stream(values()).map(m -> m.globalName).filter(name -> name != null).sorted().toList();
    }

    /**
     * The unstructured method that {@code global_unstructured} ranks with, by its short name ({@code l1}) or
     * PyTorch's class name ({@code L1Unstructured}, {@code prune.L1Unstructured}), as PyTorch users pass it.
     */
    public static PruningMethods forGlobal(String name) {
        String given = name == null ? "" : name.trim();
        String className = given.startsWith("prune.") ? given.substring("prune.".length()) : given;
        return Arrays.stream(values())
                .filter(m -> m.globalName != null && (m.globalName.equals(given) || m.className.equals(className)))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("method must be "
                        + String.join(" or ", globalNames())
                        + " (global_unstructured supports only unstructured methods); got '" + name + "'"));
    }

}
