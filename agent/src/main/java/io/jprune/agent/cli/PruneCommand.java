package io.jprune.agent.cli;

import io.jprune.runtime.prune.PruningArgument;
import io.jprune.runtime.prune.PruningMethods;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;

/**
 * {@code prune <pid> <method> <param> [options]}: the functions of {@code torch.nn.utils.prune}, under their PyTorch
 * names and with their PyTorch arguments ({@code --amount}, {@code --n}, {@code --dim}). Amounts travel as text, so
 * that {@code 16} is a count and {@code 0.3} a fraction, exactly as in Python; the target JVM validates them and its
 * message (PyTorch's wording) is shown as it is.
 */
final class PruneCommand extends ModelCommand {

    @Override
    public String name() {
        return "prune";
    }

    @Override
    public String synopsis() {
        return "prune <pid> <method> <param> [options] [--model NAME]";
    }

    @Override
    public String summary() {
        StringBuilder summary = new StringBuilder("apply a torch.nn.utils.prune function, with PyTorch's arguments:");
        for (PruningMethods method : PruningMethods.values()) {
            summary.append("\n        ").append(method.pytorchName()).append(' ').append(arguments(method));
        }
        return summary.toString();
    }

    @Override
    public Set<String> options() {
        Set<String> all = new LinkedHashSet<>(List.of("model", "name"));
        for (PruningMethods method : PruningMethods.values()) {
            all.addAll(options(method.required()));
            all.addAll(options(method.optional()));
        }
        return all;
    }

    @Override
    void checkArguments(CommandLine line) throws UsageException {
        PruningMethods method = method(line);
        line.expectPositionals(3, method.overSeveralParameters() ? Integer.MAX_VALUE : 3, usage(method));
        List<String> takes = options(method.required());
        takes.addAll(options(method.optional()));
        for (String option : line.optionNames()) {
            if (option.equals("name") && method.overSeveralParameters()) {
                throw new UsageException("--name applies to one parameter; " + method.pytorchName() + " takes "
                        + "qualified names: write conv1.weight fc1.weight ...");
            }
            if (!takes.contains(option) && !option.equals("model") && !option.equals("name")
                    && !CommandLine.FLAGS.contains(option)) {
                throw new UsageException("--" + option + " does not apply to " + method.pytorchName());
            }
        }
        for (String option : options(method.required())) {
            line.requiredOption(option, method.pytorchName());
        }
        line.intOption("dim");
        line.longOption("seed");
        if (method.overSeveralParameters() && line.option("seed").isPresent() && !seeded(method, line)) {
            throw new UsageException("--seed applies only to " + method.pytorchName() + " --pruning-method "
                    + PruningMethods.globalNames().stream().filter(name -> PruningMethods.forGlobal(name)
                            .takes(PruningArgument.SEED)).collect(Collectors.joining("|")));
        }
    }

    @Override
    void run(CommandLine line, RemoteModel model, CliEnvironment environment)
            throws UsageException, CommandFailedException {
        PruningMethods method = method(line);
        List<String> params = method.overSeveralParameters()
                ? line.positionals().subList(2, line.positionals().size()) : List.of(line.parameter(2));
        String param = params.get(0);
        Optional<String> amount = line.option("amount");
        Optional<Long> givenSeed = line.longOption("seed");
        boolean random = seeded(method, line);
        long seed = random ? givenSeed.orElseGet(() -> ThreadLocalRandom.current().nextLong()) : 0L;
        Optional<float[]> scores = line.option("importance-scores").isPresent()
                ? Optional.of(FloatFile.read(line.option("importance-scores").get(), environment.in()))
                : Optional.empty();
        String amountText = amount.orElse(null);
        Optional<Integer> dim = line.intOption("dim");
        float[] mask = method.takes(PruningArgument.MASK)
                ? FloatFile.read(line.option("mask").orElseThrow(), environment.in()) : null;
        MaskCounts before = line.json() ? MaskCounts.of(model) : null;
        String summary = model.call(m -> switch (method) {
            case IDENTITY -> m.identity(param);
            case RANDOM_UNSTRUCTURED -> m.randomUnstructured(param, amountText, seed);
            case L1_UNSTRUCTURED -> scores.isPresent()
                    ? m.l1Unstructured(param, amountText, scores.get())
                    : m.l1Unstructured(param, amountText);
            case RANDOM_STRUCTURED -> m.randomStructured(param, amountText, dim.orElseThrow(), seed);
            case LN_STRUCTURED -> scores.isPresent()
                    ? m.lnStructured(param, amountText, line.option("n").orElseThrow(), dim.orElseThrow(), scores.get())
                    : m.lnStructured(param, amountText, line.option("n").orElseThrow(), dim.orElseThrow());
            case GLOBAL_UNSTRUCTURED -> m.globalUnstructured(params.toArray(new String[0]), globalMethod(line),
                    amountText, seed);
            case CUSTOM_FROM_MASK -> m.customFromMask(param, mask);
        });
        if (line.json()) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("model", model.name());
            json.put("method", method.pytorchName());
            json.put("params", params);
            if (random) {
                json.put("seed", seed);
            }
            json.put("summary", summary);
            List<Map<String, Object>> each = MaskCounts.of(model).since(before, params);
            json.put("total", MaskCounts.total(each));
            json.put("parameters", each);
            environment.out().println(Json.write(json));
            return;
        }
        environment.out().println(summary);
        if (random && givenSeed.isEmpty()) {
            environment.out().println("random seed " + seed + " (pass --seed " + seed + " to repeat this mask)");
        }
    }

    private static PruningMethods method(CommandLine line) throws UsageException {
        String names = Arrays.stream(PruningMethods.values()).map(PruningMethods::pytorchName)
                .collect(Collectors.joining(", "));
        String name = line.positional(1).orElseThrow(() -> new UsageException("missing <method>; one of: " + names));
        return PruningMethods.named(name).orElseThrow(() -> new UsageException(
                "unknown pruning method '" + name + "'" + Suggestions.didYouMean(name, Arrays.stream(
                        PruningMethods.values()).map(PruningMethods::pytorchName).toList(), "") + "; one of: " + names));
    }

    /**
     * Whether the call draws at random, so needs a seed: a random method, or global_unstructured ranking with one.
     * An unknown {@code --pruning-method} is not random here; the target JVM refuses it in PyTorch's words.
     */
    private static boolean seeded(PruningMethods method, CommandLine line) {
        if (!method.overSeveralParameters()) {
            return method.takes(PruningArgument.SEED);
        }
        try {
            return PruningMethods.forGlobal(line.option("pruning-method").orElse("")).takes(PruningArgument.SEED);
        } catch (IllegalArgumentException unknown) {
            return false;
        }
    }

    /**
     * global_unstructured's {@code pruning_method} under the short name the MBean has always taken ({@code l1},
     * {@code random}), also when given as PyTorch's class name ({@code L1Unstructured}, as PyTorch users pass it);
     * an unknown name goes as given, for the target JVM to refuse.
     */
    private static String globalMethod(CommandLine line) {
        String given = line.option("pruning-method").orElse("");
        try {
            return PruningMethods.forGlobal(given).globalName();
        } catch (IllegalArgumentException unknown) {
            return given;
        }
    }

    /** A method's arguments as command-line options: PyTorch's keywords, with dashes, e.g. importance-scores. */
    private static List<String> options(List<PruningArgument> arguments) {
        List<String> options = new ArrayList<>();
        for (PruningArgument argument : arguments) {
            options.add(option(argument));
        }
        return options;
    }

    /** What follows the method's name in a usage line, e.g. {@code <param> --amount A [--seed S]}. */
    private static String arguments(PruningMethods method) {
        StringBuilder text = new StringBuilder(method.overSeveralParameters() ? "<param> <param>..." : "<param>");
        for (PruningArgument argument : method.required()) {
            text.append(" --").append(option(argument)).append(' ').append(placeholder(argument));
        }
        for (PruningArgument argument : method.optional()) {
            text.append(" [--").append(option(argument)).append(' ').append(placeholder(argument)).append(']');
        }
        return text.toString();
    }

    private static String option(PruningArgument argument) {
        return argument.pytorchName().replace('_', '-');
    }

    /** The usage placeholder; global_unstructured's method is one of the names it accepts, e.g. {@code l1|random}. */
    private static String placeholder(PruningArgument argument) {
        return argument == PruningArgument.PRUNING_METHOD ? String.join("|", PruningMethods.globalNames())
                : argument.placeholder();
    }

    private static String usage(PruningMethods method) {
        return "prune <pid> " + method.pytorchName() + " " + arguments(method) + " [--model NAME]";
    }
}
