package io.jprune.agent.plan;

import io.jprune.agent.json.JsonValues;
import io.jprune.runtime.prune.Amount;
import io.jprune.runtime.prune.NormOrder;
import io.jprune.runtime.prune.PruningArgument;
import io.jprune.runtime.prune.PruningArguments;
import io.jprune.runtime.prune.PruningCall;
import io.jprune.runtime.prune.PruningMethods;
import io.jprune.runtime.text.FloatText;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads a plan file, in PyTorch's vocabulary:
 *
 * <pre>
 * {"model": "LeNet", "within_seconds": 120, "steps": [
 *   {"method": "random_unstructured", "parameter": "conv1.weight", "amount": 0.3, "seed": 2024},
 *   {"method": "ln_structured", "parameter": "conv1.weight", "amount": 0.5, "n": 2, "dim": 0},
 *   {"method": "l1_unstructured", "parameter": "fc1.weight", "amount": 16, "importance_scores": "fc1-scores.txt"},
 *   {"method": "global_unstructured", "parameters": ["fc2.weight", "fc3.weight"],
 *    "pruning_method": "L1Unstructured", "amount": 0.2},
 *   {"method": "custom_from_mask", "parameter": "conv2.bias", "mask": [1, 0, 1, ...]},
 *   {"method": "remove", "parameter": "conv1.weight"}]}
 * </pre>
 *
 * An integer amount is a count and a fractional one ({@code 0.3}, {@code 1.0}) a fraction, as PyTorch's int and
 * float. Tensors ({@code importance_scores}, {@code mask}) are a JSON array or a file, relative to the plan's
 * folder, in the format {@code prune --mask} reads. Everything that does not depend on the model is checked here,
 * as PyTorch's constructors check it, and refused with the step and the key named.
 */
public final class PlanReader {
    private static final Set<String> PLAN_KEYS = new LinkedHashSet<>(List.of("model", "within_seconds", "steps"));

    private PlanReader() {
    }

    /**
     * @throws IllegalArgumentException saying what is wrong, with the file, the step and the key
     */
    public static Plan read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("plan " + file + " does not exist");
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read plan " + file + ": " + e.getMessage());
        }
        try {
            return parse(file, JsonValues.read(text));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("plan " + file + ": " + e.getMessage());
        }
    }

    private static Plan parse(Path file, Object json) {
        if (!(json instanceof Map<?, ?> plan)) {
            throw new IllegalArgumentException("a plan is a JSON object with keys " + PLAN_KEYS);
        }
        unknownKeys(plan, PLAN_KEYS, "the plan");
        if (!(plan.get("model") instanceof String model) || model.isBlank()) {
            throw new IllegalArgumentException("\"model\" must name the model, e.g. \"LeNet\" (see jprune models)");
        }
        Optional<Duration> within = Optional.empty();
        if (plan.containsKey("within_seconds")) {
            if (!(plan.get("within_seconds") instanceof Number seconds) || !(seconds.doubleValue() > 0)) {
                throw new IllegalArgumentException("\"within_seconds\" must be a positive number of seconds; got "
                        + plan.get("within_seconds"));
            }
            within = Optional.of(Duration.ofMillis(Math.round(seconds.doubleValue() * 1000)));
        }
        if (!(plan.get("steps") instanceof List<?> steps) || steps.isEmpty()) {
            throw new IllegalArgumentException("\"steps\" must be a non-empty list of prune calls");
        }
        List<PlanStep> parsed = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            parsed.add(step(file, i + 1, steps.get(i)));
        }
        return new Plan(file, model, within, parsed);
    }

    private static PlanStep step(Path file, int number, Object json) {
        if (!(json instanceof Map<?, ?> step)) {
            throw new IllegalArgumentException("step " + number + " is not a JSON object");
        }
        if (!(step.get("method") instanceof String function)) {
            throw new IllegalArgumentException("step " + number + " has no \"method\"; methods are " + functions());
        }
        String where = "step " + number + " (" + function + ")";
        if (function.equals(PruningCall.REMOVE)) {
            unknownKeys(step, Set.of("method", "parameter"), where);
            return new PlanStep(number, function, List.of(parameter(step, where)), PruningArguments.NONE);
        }
        PruningMethods method = PruningMethods.named(function).orElseThrow(() -> new IllegalArgumentException(
                where + ": unknown method; methods are " + functions()));
        Set<String> keys = new LinkedHashSet<>(List.of("method", method.overSeveralParameters() ? "parameters"
                : "parameter"));
        method.required().forEach(argument -> keys.add(argument.pytorchName()));
        method.optional().forEach(argument -> keys.add(argument.pytorchName()));
        unknownKeys(step, keys, where);
        for (PruningArgument argument : method.required()) {
            if (!step.containsKey(argument.pytorchName())) {
                throw new IllegalArgumentException(where + ": \"" + argument.pytorchName() + "\" is missing");
            }
        }
        List<String> params = method.overSeveralParameters() ? parameters(step, where) : List.of(parameter(step, where));
        try {
            PruningArguments arguments = arguments(file, step, method);
            method.construct(arguments); // PyTorch's constructors' checks: a bad amount is refused here, in its words
            return new PlanStep(number, function, params, arguments);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage());
        }
    }

    private static PruningArguments arguments(Path file, Map<?, ?> step, PruningMethods method) {
        PruningArguments arguments = PruningArguments.NONE;
        for (Map.Entry<?, ?> entry : step.entrySet()) {
            Object value = entry.getValue();
            arguments = switch ((String) entry.getKey()) {
                case "amount" -> arguments.withAmount(Amount.parse(number("amount", value)));
                case "n" -> arguments.withN(NormOrder.parse(value instanceof String text ? text : number("n", value)));
                case "dim" -> arguments.withDim(Math.toIntExact(integer("dim", value)));
                case "seed" -> arguments.withSeed(integer("seed", value));
                case "importance_scores" -> arguments.withImportanceScores(tensor(file, "importance_scores", value));
                case "mask" -> arguments.withMask(tensor(file, "mask", value));
                case "pruning_method" -> arguments.withPruningMethod(PruningMethods.forGlobal(String.valueOf(value)));
                default -> arguments;
            };
        }
        return arguments;
    }

    /** A number as PyTorch would see it: {@code 16} an int, {@code 0.3} and {@code 1.0} floats; or the text given. */
    private static String number(String key, Object value) {
        if (value instanceof Long || value instanceof BigInteger || value instanceof Double || value instanceof String) {
            return value.toString();
        }
        throw new IllegalArgumentException("\"" + key + "\" must be a number; got " + value);
    }

    private static long integer(String key, Object value) {
        if (value instanceof Long number) {
            return number;
        }
        throw new IllegalArgumentException("\"" + key + "\" must be an integer; got " + value);
    }

    private static float[] tensor(Path file, String key, Object value) {
        if (value instanceof String path) {
            Path location = file.toAbsolutePath().getParent().resolve(path);
            try {
                return FloatText.parse(Files.readString(location, StandardCharsets.UTF_8), location.toString());
            } catch (IOException e) {
                throw new IllegalArgumentException("\"" + key + "\": cannot read " + location + " ("
                        + e.getClass().getSimpleName() + ")");
            }
        }
        if (value instanceof List<?> list) {
            float[] values = new float[list.size()];
            for (int i = 0; i < values.length; i++) {
                if (!(list.get(i) instanceof Number number)) {
                    throw new IllegalArgumentException("\"" + key + "\" holds " + list.get(i) + " at index " + i
                            + ", not a number");
                }
                values[i] = number.floatValue();
            }
            return values;
        }
        throw new IllegalArgumentException("\"" + key + "\" must be a list of numbers or a file name; got " + value);
    }

    private static String parameter(Map<?, ?> step, String where) {
        if (step.get("parameter") instanceof String param && !param.isBlank()) {
            return param;
        }
        throw new IllegalArgumentException(where + ": \"parameter\" must name a parameter, e.g. \"conv1.weight\"");
    }

    private static List<String> parameters(Map<?, ?> step, String where) {
        if (step.get("parameters") instanceof List<?> list && !list.isEmpty()
                && list.stream().allMatch(String.class::isInstance)) {
            return list.stream().map(String.class::cast).toList();
        }
        throw new IllegalArgumentException(where + ": \"parameters\" must list parameter names, e.g. "
                + "[\"fc1.weight\", \"fc2.weight\"]");
    }

    private static void unknownKeys(Map<?, ?> object, Set<String> known, String where) {
        for (Object key : object.keySet()) {
            if (!known.contains(key)) {
                throw new IllegalArgumentException(where + ": unknown key \"" + key + "\"; keys are "
                        + String.join(", ", known));
            }
        }
    }

    private static String functions() {
        return Arrays.stream(PruningMethods.values()).map(PruningMethods::pytorchName)
                .collect(Collectors.joining(", ")) + ", " + PruningCall.REMOVE;
    }
}
