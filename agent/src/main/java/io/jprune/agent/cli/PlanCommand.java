package io.jprune.agent.cli;

import io.jprune.agent.json.JsonValues;
import io.jprune.runtime.jmx.ModelMXBean;
import io.jprune.runtime.jmx.PruningStep;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code plan <pid>}: the plan that reproduces a live model's pruning (its history of prune calls, seeds included)
 * on an unpruned replica, printed as the JSON that {@code -javaagent:jprune.jar=plan=FILE} reads, so that what was
 * found interactively on one JVM can be rolled out to a fleet.
 */
final class PlanCommand extends ModelCommand {
    private static final Pattern INTEGER = Pattern.compile("-?\\d+");
    private static final Pattern DECIMAL = Pattern.compile("-?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?");

    @Override
    public String name() {
        return "plan";
    }

    @Override
    public String synopsis() {
        return "plan <pid> [--model NAME]";
    }

    @Override
    public String summary() {
        return "print the plan (JSON, for -javaagent:jprune.jar=plan=FILE) that reproduces the model's pruning";
    }

    @Override
    void checkArguments(CommandLine line) throws UsageException {
        line.expectPositionals(1, 1, synopsis());
    }

    @Override
    void run(CommandLine line, RemoteModel model, CliEnvironment environment) throws CommandFailedException {
        PruningStep[] history = model.call(ModelMXBean::pruningHistory);
        List<Map<String, Object>> steps = new ArrayList<>();
        for (PruningStep step : history) {
            steps.add(step(step));
        }
        Map<String, Object> plan = new LinkedHashMap<>();
        plan.put("model", model.name());
        plan.put("steps", steps);
        environment.out().println(line.json() ? JsonValues.write(plan) : JsonValues.writeIndented(plan));
    }

    private static Map<String, Object> step(PruningStep step) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("method", step.getFunction());
        if (step.getParams().length == 1 && step.getPruningMethod() == null) {
            json.put("parameter", step.getParams()[0]);
        } else {
            json.put("parameters", List.of(step.getParams()));
        }
        if (step.getPruningMethod() != null) {
            json.put("pruning_method", step.getPruningMethod());
        }
        if (step.getAmount() != null) {
            json.put("amount", number(step.getAmount()));
        }
        if (step.getN() != null) {
            json.put("n", number(step.getN()));
        }
        if (step.getDim() != null) {
            json.put("dim", step.getDim());
        }
        if (step.getSeed() != null) {
            json.put("seed", step.getSeed());
        }
        if (step.getImportanceScores() != null) {
            json.put("importance_scores", step.getImportanceScores());
        }
        if (step.getMask() != null) {
            json.put("mask", step.getMask());
        }
        return json;
    }

    /** {@code 16} stays an int and {@code 0.3} a float, as PyTorch tells counts from fractions; {@code inf} text. */
    private static Object number(String text) {
        if (INTEGER.matcher(text).matches()) {
            return Long.parseLong(text);
        }
        if (DECIMAL.matcher(text).matches()) {
            return Double.parseDouble(text);
        }
        return text;
    }
}
