package io.jprune.runtime.sweep;

import io.jprune.runtime.prune.Amount;
import io.jprune.runtime.prune.NormOrder;
import io.jprune.runtime.prune.PruningArgument;
import io.jprune.runtime.prune.PruningArguments;
import io.jprune.runtime.prune.PruningMethods;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a sensitivity sweep does, immutable and checked when made: which parameters, which amounts, which method
 * with which {@code n} and {@code dim}, on how many inputs of the app's traffic, with how much of one core.
 *
 * @param params         qualified parameter names; empty for every parameter of two or more dims (the weights)
 * @param amounts        fractions in (0, 1], ascending, each applied alone to the unpruned parameter
 * @param method         a per-parameter method taking an amount
 * @param n              the norm of {@code ln_structured}, else unused
 * @param dim            the dim of the structured methods, else unused
 * @param inputs         how many root-forward inputs of the app to capture and replay
 * @param cpuShare       the most of one core the sweep's thread takes, in (0, 1]: it sleeps the rest
 * @param captureTimeout how long to wait for the app to run {@code inputs} forwards
 * @param output         how outputs are compared
 */
public record SweepSettings(List<String> params, List<Double> amounts, PruningMethods method, NormOrder n, int dim,
                            int inputs, double cpuShare, Duration captureTimeout, OutputKind output) {

    /** The amounts swept when none are given: 0.1 to 0.9. */
    public static final List<Double> DEFAULT_AMOUNTS = List.of(0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9);
    /** Inputs replayed when no count is given. */
    public static final int DEFAULT_INPUTS = 512;
    /** The most inputs a sweep keeps (they are copies held in the app's heap, bounded in bytes too). */
    public static final int MAX_INPUTS = 8192;
    /** The share of one core a sweep takes when none is given: a quarter, leaving the app the rest. */
    public static final double DEFAULT_CPU_SHARE = 0.25;
    /** How long a sweep waits for the app's traffic when no timeout is given. */
    public static final Duration DEFAULT_CAPTURE_TIMEOUT = Duration.ofSeconds(30);

    public SweepSettings {
        params = List.copyOf(params);
        amounts = List.copyOf(amounts);
    }

    /**
     * Settings from the text a console or the command line sends; empty text or 0 takes the default.
     *
     * @param params   comma-separated parameter names, e.g. {@code conv1.weight,fc1.weight}
     * @param amounts  comma-separated fractions, e.g. {@code 0.1,0.5,0.9}
     * @param method   {@code l1_unstructured} (default), {@code random_unstructured}, {@code ln_structured} or
     *                 {@code random_structured}
     * @param n        the norm for {@code ln_structured} (default 1)
     * @param dim      the dim for the structured methods
     * @param inputs   how many inputs (default 512)
     * @param cpuShare the share of one core (default 0.25)
     * @param output   {@code auto} (default), {@code classifier} or {@code embedding}
     * @throws IllegalArgumentException naming the bad argument
     */
    public static SweepSettings parse(String params, String amounts, String method, String n, int dim, int inputs,
                                      double cpuShare, String output) {
        PruningMethods chosen = method(method);
        NormOrder norm = blank(n) ? NormOrder.parse("1") : NormOrder.parse(n.trim());
        if (inputs < 0 || inputs > MAX_INPUTS) {
            throw new IllegalArgumentException("inputs must be between 1 and " + MAX_INPUTS + " (0 for "
                    + DEFAULT_INPUTS + "), got " + inputs);
        }
        if (!(cpuShare >= 0 && cpuShare <= 1)) {
            throw new IllegalArgumentException("cpu share must be a fraction of one core in (0, 1] (0 for "
                    + DEFAULT_CPU_SHARE + "), got " + cpuShare);
        }
        return new SweepSettings(names(params), amounts(amounts), chosen, norm, dim,
                inputs == 0 ? DEFAULT_INPUTS : inputs, cpuShare == 0 ? DEFAULT_CPU_SHARE : cpuShare,
                DEFAULT_CAPTURE_TIMEOUT, OutputKind.parse(output));
    }

    /** These settings waiting at most {@code timeout} for the app's traffic. */
    public SweepSettings withCaptureTimeout(Duration timeout) {
        return new SweepSettings(params, amounts, method, n, dim, inputs, cpuShare, timeout, output);
    }

    /** The method's arguments for one amount: {@code n}, {@code dim} and a fixed seed where the method takes them. */
    public PruningArguments arguments(double amount) {
        PruningArguments arguments = PruningArguments.NONE.withAmount(Amount.fraction(amount));
        if (method.takes(PruningArgument.N)) {
            arguments = arguments.withN(n);
        }
        if (method.takes(PruningArgument.DIM)) {
            arguments = arguments.withDim(dim);
        }
        return method.takes(PruningArgument.SEED) ? arguments.withSeed(0) : arguments;
    }

    /** The method as a person reads it, without the amount: {@code ln_structured n=1 dim=0}. */
    public String methodLabel() {
        String label = method.label(arguments(0.5));
        return label.replace(" amount=0.5", "");
    }

    private static PruningMethods method(String name) {
        if (blank(name)) {
            return PruningMethods.L1_UNSTRUCTURED;
        }
        PruningMethods method = PruningMethods.named(name.trim()).orElse(null);
        if (method == null || method.overSeveralParameters() || !method.takes(PruningArgument.AMOUNT)
                || method.takes(PruningArgument.MASK)) {
            throw new IllegalArgumentException("method '" + name.trim() + "' cannot be swept; give one of "
                    + "l1_unstructured, random_unstructured, ln_structured, random_structured");
        }
        return method;
    }

    private static List<String> names(String text) {
        List<String> names = new ArrayList<>();
        if (!blank(text)) {
            for (String name : text.split(",")) {
                if (!name.isBlank()) {
                    names.add(name.trim());
                }
            }
        }
        return names;
    }

    private static List<Double> amounts(String text) {
        if (blank(text)) {
            return DEFAULT_AMOUNTS;
        }
        List<Double> amounts = new ArrayList<>();
        for (String item : text.split(",")) {
            double amount;
            try {
                amount = Double.parseDouble(item.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("amounts must be fractions such as 0.1,0.5,0.9; '" + item.trim()
                        + "' is not a number");
            }
            if (!(amount > 0 && amount <= 1)) {
                throw new IllegalArgumentException("amounts must be fractions in (0, 1]; got " + item.trim());
            }
            amounts.add(amount);
        }
        return amounts.stream().distinct().sorted().toList();
    }

    private static boolean blank(String text) {
        return text == null || text.isBlank();
    }

    /** How the unpruned and the pruned copy's outputs are compared. */
    public enum OutputKind {
        /** Guessed from the output: up to 1,000 values are taken for class scores, more for an embedding. */
        AUTO,
        /** Class scores: the headline is how often the top-1 class is the same. */
        CLASSIFIER,
        /** An embedding: the headline is the mean cosine similarity. */
        EMBEDDING;

        /** The most output values taken for class scores by {@link #AUTO}. */
        static final int MOST_CLASSES = 1000;

        static OutputKind parse(String text) {
            if (blank(text)) {
                return AUTO;
            }
            try {
                return valueOf(text.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("output must be auto, classifier or embedding, got '"
                        + text.trim() + "'");
            }
        }

        /** This kind, with {@link #AUTO} decided by an output of {@code length} values. */
        OutputKind resolve(int length) {
            if (this != AUTO) {
                return this;
            }
            return length <= MOST_CLASSES ? CLASSIFIER : EMBEDDING;
        }

        /** The lower-case name shown in reports. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
