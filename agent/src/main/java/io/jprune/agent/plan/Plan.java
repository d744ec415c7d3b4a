package io.jprune.agent.plan;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A pruning plan: the steps to apply to one named model as soon as jprune finds it, before its first forward runs
 * with weights, all or none; the same file on every replica of a service gives every replica the same pruning.
 * Read by {@link PlanReader}; printed from a live model by {@code jprune plan <pid>}.
 *
 * @param source the file it was read from
 * @param model  the model's name as jprune lists it, e.g. {@code LeNet}
 * @param within how long after start the model must appear, or empty to wait as long as the app runs
 * @param steps  the calls, in order
 */
public record Plan(Path source, String model, Optional<Duration> within, List<PlanStep> steps) {

    public Plan {
        steps = List.copyOf(steps);
    }
}
