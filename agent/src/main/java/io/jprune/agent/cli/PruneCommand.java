package io.jprune.agent.cli;

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

    /** The pruning functions, the options each one requires or accepts, and how to call it. */
    enum Method {
        IDENTITY("identity", Set.of(), Set.of(), "<param>"),
        RANDOM_UNSTRUCTURED("random_unstructured", Set.of("amount"), Set.of("seed"),
                "<param> --amount A [--seed S]"),
        L1_UNSTRUCTURED("l1_unstructured", Set.of("amount"), Set.of("importance-scores"),
                "<param> --amount A [--importance-scores FILE]"),
        RANDOM_STRUCTURED("random_structured", Set.of("amount", "dim"), Set.of("seed"),
                "<param> --amount A --dim D [--seed S]"),
        LN_STRUCTURED("ln_structured", Set.of("amount", "n", "dim"), Set.of("importance-scores"),
                "<param> --amount A --n N --dim D [--importance-scores FILE]"),
        GLOBAL_UNSTRUCTURED("global_unstructured", Set.of("amount", "pruning-method"), Set.of("seed"),
                "<param> <param>... --pruning-method l1|random --amount A [--seed S]"),
        CUSTOM_FROM_MASK("custom_from_mask", Set.of("mask"), Set.of(), "<param> --mask FILE");

        final String pytorchName;
        final Set<String> required;
        final Set<String> optional;
        final String arguments;

        Method(String pytorchName, Set<String> required, Set<String> optional, String arguments) {
            this.pytorchName = pytorchName;
            this.required = required;
            this.optional = optional;
            this.arguments = arguments;
        }

        static Optional<Method> named(String name) {
            return Arrays.stream(values()).filter(m -> m.pytorchName.equals(name)).findFirst();
        }

        static String allNames() {
            return Arrays.stream(values()).map(m -> m.pytorchName).collect(Collectors.joining(", "));
        }

        String usage() {
            return "prune <pid> " + pytorchName + " " + arguments + " [--model NAME]";
        }
    }

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
        for (Method method : Method.values()) {
            summary.append("\n        ").append(method.pytorchName).append(' ').append(method.arguments);
        }
        return summary.toString();
    }

    @Override
    public Set<String> options() {
        Set<String> all = new LinkedHashSet<>(Set.of("model"));
        for (Method method : Method.values()) {
            all.addAll(method.required);
            all.addAll(method.optional);
        }
        return all;
    }

    @Override
    void checkArguments(CommandLine line) throws UsageException {
        Method method = method(line);
        line.expectPositionals(3, method == Method.GLOBAL_UNSTRUCTURED ? Integer.MAX_VALUE : 3, method.usage());
        for (String option : line.optionNames()) {
            if (!method.required.contains(option) && !method.optional.contains(option)
                    && !option.equals("model") && !CommandLine.FLAGS.contains(option)) {
                throw new UsageException("--" + option + " does not apply to " + method.pytorchName);
            }
        }
        for (String option : method.required) {
            line.requiredOption(option, method.pytorchName);
        }
        line.intOption("dim");
        line.longOption("seed");
        if (method == Method.GLOBAL_UNSTRUCTURED && line.option("seed").isPresent()
                && !globalMethod(line).equals("random")) {
            throw new UsageException("--seed applies only to global_unstructured --pruning-method random");
        }
    }

    @Override
    void run(CommandLine line, RemoteModel model, CliEnvironment environment)
            throws UsageException, CommandFailedException {
        Method method = method(line);
        List<String> params = line.positionals().subList(2, line.positionals().size());
        String param = params.get(0);
        Optional<String> amount = line.option("amount");
        Optional<Long> givenSeed = line.longOption("seed");
        boolean random = method == Method.RANDOM_UNSTRUCTURED || method == Method.RANDOM_STRUCTURED
                || (method == Method.GLOBAL_UNSTRUCTURED && globalMethod(line).equals("random"));
        long seed = random ? givenSeed.orElseGet(() -> ThreadLocalRandom.current().nextLong()) : 0L;
        Optional<float[]> scores = line.option("importance-scores").isPresent()
                ? Optional.of(FloatFile.read(line.option("importance-scores").get(), environment.in()))
                : Optional.empty();
        String amountText = amount.orElse(null);
        Optional<Integer> dim = line.intOption("dim");
        float[] mask = method == Method.CUSTOM_FROM_MASK
                ? FloatFile.read(line.option("mask").orElseThrow(), environment.in()) : null;
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
            json.put("method", method.pytorchName);
            json.put("params", params);
            if (random) {
                json.put("seed", seed);
            }
            json.put("summary", summary);
            environment.out().println(Json.write(json));
            return;
        }
        environment.out().println(summary);
        if (random && givenSeed.isEmpty()) {
            environment.out().println("random seed " + seed + " (pass --seed " + seed + " to repeat this mask)");
        }
    }

    private static Method method(CommandLine line) throws UsageException {
        String name = line.positional(1).orElseThrow(() -> new UsageException(
                "missing <method>; one of: " + Method.allNames()));
        return Method.named(name).orElseThrow(() -> new UsageException(
                "unknown pruning method '" + name + "'; one of: " + Method.allNames()));
    }

    /**
     * global_unstructured's {@code pruning_method}: {@code l1} or {@code random}, also accepting PyTorch's class
     * names ({@code L1Unstructured}, {@code RandomUnstructured}) since that is what PyTorch users pass.
     */
    private static String globalMethod(CommandLine line) {
        String given = line.option("pruning-method").orElse("");
        return switch (given) {
            case "L1Unstructured", "prune.L1Unstructured" -> "l1";
            case "RandomUnstructured", "prune.RandomUnstructured" -> "random";
            default -> given;
        };
    }
}
