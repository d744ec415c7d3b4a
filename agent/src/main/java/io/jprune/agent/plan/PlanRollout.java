package io.jprune.agent.plan;

import io.jprune.kernels.Kernels;
import io.jprune.runtime.api.Pruner;
import io.jprune.runtime.diagnostics.DiagnosticLog;
import io.jprune.runtime.model.Model;
import io.jprune.runtime.model.ModelRegistry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * Applies a plan to the model it names the moment jprune finds that model: on the app's thread, inside the forward
 * that found it and before that forward runs, so that the first answer the app gives is already pruned. All steps
 * go in one change or none; a plan that fails (it could not be read, a step is refused by the model, the model never
 * appeared within the plan's time) leaves the app running unpruned and says exactly why, once on stderr and for as
 * long as the app runs in {@link #status()}, which the Agent MBean shows.
 *
 * <p>It sits in front of the registry's listener (the MBean publication), so that the model's MBean appears
 * already pruned.
 */
public final class PlanRollout implements ModelRegistry.Listener {
    private final Plan plan;
    private final ModelRegistry.Listener next;
    private final Kernels kernels;
    private final AtomicBoolean settled = new AtomicBoolean();
    private volatile String status;

    private PlanRollout(Plan plan, String status, ModelRegistry.Listener next, Kernels kernels) {
        this.plan = plan;
        this.status = status;
        this.next = next;
        this.kernels = kernels;
    }

    /**
     * Reads the plan at {@code file} and waits for its model; a plan that cannot be read is reported now and
     * nothing will be applied.
     *
     * @param next    the listener to tell about every model afterwards
     * @param kernels where the plan's masks are computed
     */
    public static PlanRollout start(Path file, ModelRegistry.Listener next, Kernels kernels) {
        Plan plan;
        try {
            plan = PlanReader.read(file);
        } catch (IllegalArgumentException e) {
            PlanRollout failed = new PlanRollout(null, null, next, kernels);
            failed.settled.set(true);
            failed.fail(e.getMessage() + "; no model is pruned");
            return failed;
        }
        String waiting = "plan " + file + ": waiting for model " + plan.model() + plan.within()
                .map(within -> " (for " + within.toMillis() / 1000.0 + " s)").orElse("") + ", " + plan.steps().size()
                + (plan.steps().size() == 1 ? " step" : " steps");
        PlanRollout rollout = new PlanRollout(plan, waiting, next, kernels);
        plan.within().ifPresent(within -> rollout.watch(within.toMillis()));
        return rollout;
    }

    /** What became of the plan: waiting, applied (with each step's summary) or failed (with the reason). */
    public String status() {
        return status;
    }

    @Override
    public void modelRegistered(Model model) {
        if (plan != null && model.name().equals(plan.model()) && settled.compareAndSet(false, true)) {
            apply(model);
        }
        next.modelRegistered(model);
    }

    @Override
    public void modelUnregistered(Model model) {
        next.modelUnregistered(model);
    }

    private void apply(Model model) {
        List<Function<Pruner, String>> calls = new ArrayList<>();
        for (PlanStep step : plan.steps()) {
            calls.add(pruner -> {
                try {
                    return step.applyTo(pruner);
                } catch (RuntimeException e) {
                    throw new IllegalStateException(step.describe() + ": " + e.getMessage(), e);
                }
            });
        }
        try {
            List<String> summaries = new Pruner(model, kernels).inOneChange(calls);
            status = "plan " + plan.source() + ": applied to " + model.name() + " before its first forward: "
                    + String.join("; ", summaries);
            DiagnosticLog.info(status);
        } catch (RuntimeException | OutOfMemoryError e) {
            fail("plan " + plan.source() + " not applied, model " + model.name() + " runs unpruned: " + e.getMessage());
        }
    }

    private void watch(long millis) {
        Thread watcher = new Thread(() -> {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                return;
            }
            if (settled.compareAndSet(false, true)) {
                fail("plan " + plan.source() + " not applied: model " + plan.model() + " did not appear within "
                        + millis / 1000.0 + " s (within_seconds); it will not be pruned when it appears");
            }
        }, "jprune-plan-deadline");
        watcher.setDaemon(true);
        watcher.setContextClassLoader(null);
        watcher.start();
    }

    private void fail(String why) {
        status = why;
        System.err.println("[jprune] " + why);
    }
}
