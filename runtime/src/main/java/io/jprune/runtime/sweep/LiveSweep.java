package io.jprune.runtime.sweep;

import io.jprune.kernels.Kernels;
import io.jprune.runtime.api.Pruner;
import io.jprune.runtime.model.Model;
import io.jprune.runtime.model.ModelState;
import io.jprune.runtime.model.ParameterState;
import io.jprune.runtime.prune.PrunedParameter;
import io.jprune.runtime.record.Callers;
import io.jprune.runtime.record.ChangeKind;
import io.jprune.runtime.record.ModelChange;
import io.jprune.runtime.trace.TrafficObserver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * A sensitivity sweep on the live model, which the user must ask for: each parameter, alone, is pruned by each
 * amount in the app's own model, the app runs on it for the settle time, and the app's own metric is read. The
 * moment the metric falls below the floor that prune is undone and the parameter's curve ends (larger amounts
 * would only do more harm); after its last amount each parameter gets the app's own weights back, bit for bit,
 * so the sweep ends with the model as it found it. For a question a private copy cannot answer: what the app's
 * real metric (accuracy against its labels, a business figure) does, not how far the outputs move.
 *
 * <p>Every step is a real change (recorded as a {@code sweep-step}, each undo as a {@code restore}). Parameters
 * swept live must be unpruned when it starts. {@link #cancel()} undoes the step in progress and stops.
 */
public final class LiveSweep {
    /** How often a settling step looks whether it was cancelled. */
    private static final long CANCEL_POLL_MILLIS = 50;
    /** How much longer than the settle time a step waits for the app's forwards before reading anyway. */
    private static final Duration FORWARDS_PATIENCE = Duration.ofSeconds(60);

    private final Model model;
    private final Kernels kernels;
    private final SweepSettings settings;
    private final LiveMetric metric;
    private final double floor;
    private final Duration settle;
    private final long settleForwards;
    private final LongAdder forwards = new LongAdder();
    private final Consumer<String> progress;
    private volatile boolean cancelled;

    /**
     * @param model    the model to sweep
     * @param kernels  where masks are computed
     * @param settings which parameters, amounts and method (its input count and CPU share are not used)
     * @param metric   the app's own figure, higher is better
     * @param floor    the value below which a step is undone at once
     * @param settle   how long each step runs before the metric is read
     * @param settleForwards how many root forwards of the app each step runs, at least, before the metric is read
     *                 (with {@code settle}, what makes the metric's window hold only the step: e.g. two of the
     *                 app's passes when it reports the last completed one); 0 for time only
     * @param progress told, on the sweeping thread, a line for a person at each step
     */
    public LiveSweep(Model model, Kernels kernels, SweepSettings settings, LiveMetric metric, double floor,
                     Duration settle, long settleForwards, Consumer<String> progress) {
        this.model = Objects.requireNonNull(model, "model");
        this.kernels = Objects.requireNonNull(kernels, "kernels");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.metric = Objects.requireNonNull(metric, "metric");
        this.floor = floor;
        this.settle = Objects.requireNonNull(settle, "settle");
        this.settleForwards = settleForwards;
        this.progress = Objects.requireNonNull(progress, "progress");
        if (!Double.isFinite(floor)) {
            throw new IllegalArgumentException("floor must be a number, got " + floor);
        }
        if (settle.isNegative() || settle.isZero()) {
            throw new IllegalArgumentException("settle must be a positive time, got " + settle.toMillis() + " ms");
        }
        if (settleForwards < 0) {
            throw new IllegalArgumentException("settle forwards must be 0 or more, got " + settleForwards);
        }
    }

    /** Undoes the step in progress and stops; {@link #run()} then returns the steps measured so far. */
    public void cancel() {
        cancelled = true;
    }

    /**
     * Runs the sweep on this thread.
     *
     * @throws IllegalArgumentException naming a bad parameter, before anything changes
     * @throws IllegalStateException    when a swept parameter is pruned already, or the metric is below the floor
     *                                  before anything changed (nothing is changed)
     */
    public LiveSweepReport run() {
        String caller = Callers.current();
        long start = System.nanoTime();
        List<String> params = Sweep.parameters(model, settings);
        ModelState published = model.published();
        for (String param : params) {
            ParameterState state = published.get(param);
            if (state != null && (state.isPruned() || state.removed())) {
                throw new IllegalStateException("a live sweep starts from the app's own weights, but " + param
                        + " of model " + model.name() + " is pruned now; restore it first, or leave out the live "
                        + "metric to sweep a private copy");
            }
        }
        if (published.compaction() != null) {
            throw new IllegalStateException("model " + model.name() + " is compacted; restore it before a live sweep");
        }
        double baseline = metric.read();
        if (baseline < floor) {
            throw new IllegalStateException(String.format(Locale.ROOT, "the live metric %s is %s, already below the "
                    + "floor %s; nothing was changed", metric, SweepRendering.number(baseline),
                    SweepRendering.number(floor)));
        }
        TrafficObserver counter = arguments -> forwards.increment();
        if (!model.observeTraffic(counter)) {
            throw new IllegalStateException("a sweep of model " + model.name() + " is already running; wait for it "
                    + "or cancel it");
        }
        try {
            return sweep(params, baseline, caller, start);
        } finally {
            model.stopObservingTraffic(counter);
        }
    }

    private LiveSweepReport sweep(List<String> params, double baseline, String caller, long start) {
        Pruner pruner = new Pruner(model, kernels);
        List<LivePoint> points = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        int total = params.size() * settings.amounts().size();
        outer:
        for (String param : params) {
            try {
                for (double amount : settings.amounts()) {
                    if (cancelled) {
                        break outer;
                    }
                    progress.accept(String.format(Locale.ROOT, "live sweep of %s: %s amount=%s (step %d of at most "
                            + "%d, %.1f s)", model.name(), param, amount, points.size() + 1, total,
                            seconds(System.nanoTime() - start)));
                    LivePoint point = step(pruner, param, amount, caller, notes);
                    if (point == null) {
                        break outer;
                    }
                    points.add(point);
                    if (point.isBelowFloor()) {
                        notes.add(String.format(Locale.ROOT, "%s: the metric fell to %s at amount %s, below the "
                                + "floor %s: undone at once, larger amounts not tried", param,
                                SweepRendering.number(point.getMetric()), SweepRendering.number(amount),
                                SweepRendering.number(floor)));
                        break;
                    }
                }
            } finally {
                if (model.pruned(param) != null) {
                    pruner.restore(param);
                }
            }
        }
        if (cancelled) {
            notes.add("cancelled after " + points.size() + " steps; the step in progress was undone");
        }
        double restored = settled(notes) ? metric.read() : Double.NaN;
        progress.accept(String.format(Locale.ROOT, "live sweep of %s: %d steps in %.1f s; every parameter restored",
                model.name(), points.size(), seconds(System.nanoTime() - start)));
        return new LiveSweepReport(model.name(), settings.methodLabel(), metric.toString(), floor, baseline,
                points.toArray(LivePoint[]::new), restored, settle.toMillis() / 1e3, settleForwards,
                seconds(System.nanoTime() - start), !cancelled, notes.toArray(String[]::new));
    }

    /** One prune live for the settle time, then the metric; {@code null} when cancelled while settling. */
    private LivePoint step(Pruner pruner, String param, double amount, String caller, List<String> notes) {
        long start = System.nanoTime();
        pruner.inOneChange(List.of(p -> p.restore(param),
                p -> p.prune(settings.method(), param, settings.arguments(amount))));
        long changeNanos = System.nanoTime() - start;
        PrunedParameter pruned = model.pruned(param);
        double sparsity = pruned.zeros() / (double) Math.max(1, pruned.weight().length);
        if (!settled(notes)) {
            return null;
        }
        double value = metric.read();
        boolean below = value < floor;
        String summary = String.format(Locale.ROOT, "%s: %s amount=%s live for %.1f s -> %s %s%s", param,
                settings.methodLabel(), amount, settle.toMillis() / 1e3, metric, SweepRendering.number(value),
                below ? " (below the floor " + SweepRendering.number(floor) + ": undone)" : "");
        model.changeLog().record(new ModelChange(model.name(), ChangeKind.SWEEP_STEP, param, settings.methodLabel(),
                String.valueOf(amount), 0, sparsity, changeNanos, caller, summary));
        return new LivePoint(param, amount, sparsity, value, below);
    }

    /**
     * Waits the settle time and the settle forwards (at most {@link #FORWARDS_PATIENCE} longer, noting it when the
     * app ran fewer); {@code false} when cancelled (or interrupted) meanwhile.
     */
    private boolean settled(List<String> notes) {
        long started = System.nanoTime();
        long from = forwards.sum();
        long deadline = started + settle.toNanos() + FORWARDS_PATIENCE.toNanos();
        try {
            while (!cancelled) {
                long now = System.nanoTime();
                long ran = forwards.sum() - from;
                if (now - started >= settle.toNanos() && ran >= settleForwards) {
                    return true;
                }
                if (now >= deadline) {
                    notes.add(String.format(Locale.ROOT, "a step read the metric after %d of the %d forwards asked "
                            + "for: the app ran no more in %d s", ran, settleForwards,
                            TimeUnit.NANOSECONDS.toSeconds(now - started)));
                    return true;
                }
                Thread.sleep(CANCEL_POLL_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            cancelled = true;
        }
        return false;
    }

    private static double seconds(long nanos) {
        return Math.max(nanos, 1) / 1e9;
    }
}
