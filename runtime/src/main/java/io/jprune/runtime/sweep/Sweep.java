package io.jprune.runtime.sweep;

import io.jprune.kernels.Kernels;
import io.jprune.runtime.model.Model;
import io.jprune.runtime.model.ModelState;
import io.jprune.runtime.model.ParameterSlot;
import io.jprune.runtime.model.ParameterState;
import io.jprune.runtime.prune.PrunedParameter;
import io.jprune.runtime.prune.PruningMethod;
import io.jprune.runtime.record.Callers;
import io.jprune.runtime.record.ChangeKind;
import io.jprune.runtime.record.ModelChange;
import io.jprune.runtime.spi.ActivationForm;
import io.jprune.runtime.spi.PrivateCopy;
import io.jprune.runtime.trace.PrivateForward;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A sensitivity sweep of one running model, without labels and without touching the app's answers: the next
 * inputs of the app's own traffic are copied, a private copy of the model is made through its adapter, and for
 * each parameter and amount the copy is pruned (the parameter alone, from the app's current weights) and run on
 * those inputs, its outputs compared with the unpruned copy's. The app's forward never runs on experimental
 * weights; the sweep's thread takes at most its share of one core, and the app's throughput before and during
 * is measured and reported.
 *
 * <p>Each point is recorded as a {@code sweep-step} change (a Flight Recorder event and a notification) whose
 * sparsity after is the experiment's, though the app's weights do not change. One sweep per model at a time;
 * {@link #cancel()} stops it after the input being computed, with the points measured so far.
 */
public final class Sweep {
    /** How long to wait for the app's forwards to pause while the copy is made. */
    private static final Duration PATIENCE = Duration.ofSeconds(5);
    /** The shortest capture: long enough to measure the app's throughput before the sweep computes. */
    private static final long MIN_CAPTURE_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final Model model;
    private final Kernels kernels;
    private final SweepSettings settings;
    private final Consumer<String> progress;
    private volatile boolean cancelled;

    /**
     * @param model    the model to sweep
     * @param kernels  where masks are computed
     * @param settings what to sweep
     * @param progress told, on the sweeping thread, a line for a person at each step
     */
    public Sweep(Model model, Kernels kernels, SweepSettings settings, Consumer<String> progress) {
        this.model = Objects.requireNonNull(model, "model");
        this.kernels = Objects.requireNonNull(kernels, "kernels");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.progress = Objects.requireNonNull(progress, "progress");
    }

    /** Stops the sweep after the input being computed; {@link #run()} then returns what it measured. */
    public void cancel() {
        cancelled = true;
    }

    /**
     * Runs the sweep on this thread.
     *
     * @throws IllegalArgumentException naming a bad parameter or argument, before anything runs
     * @throws IllegalStateException    when the model cannot be swept (its adapter cannot copy it, no traffic,
     *                                  another sweep runs), saying why
     */
    public SweepReport run() {
        String caller = Callers.current();
        long start = System.nanoTime();
        String refusal = model.copier().refusal();
        if (refusal != null) {
            throw new IllegalStateException("model " + model.name() + " cannot be swept: " + refusal);
        }
        List<String> params = parameters(model, settings);
        List<PruningMethod> methods = new ArrayList<>();
        for (double amount : settings.amounts()) {
            methods.add(settings.method().construct(settings.arguments(amount)));
        }
        InputSample sample = new InputSample(model.activations(), settings.inputs());
        if (!model.observeTraffic(sample)) {
            throw new IllegalStateException("a sweep of model " + model.name() + " is already running; wait for it "
                    + "or cancel it");
        }
        try {
            return sweep(params, methods, sample, start, caller);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("the sweep of model " + model.name() + " was interrupted");
        } finally {
            model.stopObservingTraffic(sample);
        }
    }

    private SweepReport sweep(List<String> params, List<PruningMethod> methods, InputSample sample, long start,
                              String caller) throws InterruptedException {
        List<String> notes = new ArrayList<>();
        List<Object[]> inputs = capture(sample, notes);
        double before = sample.forwards() / seconds(System.nanoTime() - start);
        Snapshot snapshot = model.exclusively(PATIENCE, () -> new Snapshot(model, params));
        try {
            return measure(params, methods, inputs, snapshot, sample, start, caller, before, notes);
        } finally {
            snapshot.copy.close();
        }
    }

    private SweepReport measure(List<String> params, List<PruningMethod> methods, List<Object[]> inputs,
                                Snapshot snapshot, InputSample sample, long start, String caller, double before,
                                List<String> notes) throws InterruptedException {
        long computeStart = System.nanoTime();
        long forwardsAtStart = sample.forwards();
        DutyCycle duty = new DutyCycle(settings.cpuShare());
        List<float[]> unpruned = new ArrayList<>();
        for (Object[] input : inputs) {
            unpruned.add(outputOf(snapshot.copy, input));
            duty.pace();
        }
        SweepSettings.OutputKind kind = settings.output().resolve(unpruned.isEmpty() || unpruned.get(0) == null
                ? 0 : unpruned.get(0).length);
        List<SweepPoint> points = new ArrayList<>();
        int total = params.size() * methods.size();
        outer:
        for (String param : params) {
            for (int a = 0; a < methods.size(); a++) {
                if (cancelled) {
                    notes.add("cancelled after " + points.size() + " of " + total + " points");
                    break outer;
                }
                double amount = settings.amounts().get(a);
                progress.accept(String.format(Locale.ROOT, "sweeping %s: %s amount=%s (point %d of %d, %.1f s)",
                        model.name(), param, amount, points.size() + 1, total, seconds(System.nanoTime() - start)));
                SweepPoint point = point(snapshot, param, amount, methods.get(a), inputs, unpruned, duty, caller);
                if (point == null) {
                    notes.add("cancelled after " + points.size() + " of " + total + " points");
                    break outer;
                }
                points.add(point);
            }
        }
        double during = (sample.forwards() - forwardsAtStart) / seconds(System.nanoTime() - computeStart);
        progress.accept(String.format(Locale.ROOT, "swept %s: %d points on %d inputs in %.1f s", model.name(),
                points.size(), inputs.size(), seconds(System.nanoTime() - start)));
        return new SweepReport(model.name(), settings.methodLabel(), kind.label(), inputs.size(),
                points.toArray(SweepPoint[]::new), before, during, seconds(System.nanoTime() - start),
                points.size() == total, notes.toArray(String[]::new));
    }

    /** The next inputs of the app's traffic, at least {@link #MIN_CAPTURE_NANOS} of it to measure its throughput. */
    private List<Object[]> capture(InputSample sample, List<String> notes) throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + settings.captureTimeout().toNanos();
        while (!sample.awaitDone(Math.min(TimeUnit.SECONDS.toNanos(1), deadline - System.nanoTime()))
                && System.nanoTime() < deadline && !cancelled) {
            progress.accept("capturing the app's inputs of model " + model.name() + ": " + sample.inputs().size()
                    + " of " + settings.inputs());
        }
        long left = start + MIN_CAPTURE_NANOS - System.nanoTime();
        if (left > 0) {
            TimeUnit.NANOSECONDS.sleep(left);
        }
        sample.stopKeeping();
        List<Object[]> inputs = sample.inputs();
        if (inputs.isEmpty()) {
            String why = sample.refusal() != null ? sample.refusal()
                    : "the app ran no forward of it in " + settings.captureTimeout().toSeconds() + " s";
            throw new IllegalStateException("model " + model.name() + " cannot be swept: " + why);
        }
        if (inputs.size() < settings.inputs()) {
            notes.add("only " + inputs.size() + " of " + settings.inputs() + " inputs were captured in "
                    + settings.captureTimeout().toSeconds() + " s");
        }
        return inputs;
    }

    private SweepPoint point(Snapshot snapshot, String param, double amount, PruningMethod method,
                             List<Object[]> inputs, List<float[]> unpruned, DutyCycle duty, String caller)
            throws InterruptedException {
        long start = System.nanoTime();
        PrunedParameter pruned = snapshot.prune(param, method, kernels);
        float[] weight = pruned.weight();
        OutputComparison comparison = new OutputComparison();
        try {
            snapshot.copy.write(param, weight);
            for (int i = 0; i < inputs.size(); i++) {
                if (cancelled) {
                    return null;
                }
                comparison.add(unpruned.get(i), outputOf(snapshot.copy, inputs.get(i)));
                duty.pace();
            }
        } finally {
            snapshot.copy.reset(param);
            pruned.release(kernels);
        }
        double sparsity = zeros(weight) / (double) weight.length;
        SweepPoint point = new SweepPoint(param, amount, sparsity, weight.length, comparison.top1Agreement(),
                comparison.cosineSimilarity(), comparison.maxAbsDifference());
        String summary = String.format(Locale.ROOT, "%s: %s amount=%s on a private copy -> top-1 agreement %.4f, "
                        + "cosine %.6f, max |diff| %.4g over %d inputs; the app's weights are unchanged", param,
                settings.methodLabel(), amount, point.getTop1Agreement(), point.getCosineSimilarity(),
                point.getMaxAbsDifference(), inputs.size());
        model.changeLog().record(new ModelChange(model.name(), ChangeKind.SWEEP_STEP, param, settings.methodLabel(),
                String.valueOf(amount), snapshot.sparsity(param), sparsity, System.nanoTime() - start, caller,
                summary));
        return point;
    }

    private float[] outputOf(PrivateCopy copy, Object[] input) {
        ActivationForm form = model.activations();
        Object[] arguments = new Object[input.length];
        for (int i = 0; i < input.length; i++) {
            arguments[i] = form.copy(input[i]);
        }
        Object output = PrivateForward.run(copy, arguments);
        float[] values = output == null ? null : form.floats(output);
        if (values == null) {
            throw new IllegalStateException("the root forward of model " + model.name() + " returned "
                    + (output == null ? "nothing" : output.getClass().getName()) + ", not a tensor to compare");
        }
        return values.clone();
    }

    /** The chosen parameters, checked; every parameter of two or more dims when none were chosen. */
    static List<String> parameters(Model model, SweepSettings settings) {
        Map<String, ParameterSlot> slots = model.slots();
        if (settings.params().isEmpty()) {
            List<String> weights = new ArrayList<>();
            slots.forEach((name, slot) -> {
                if (slot.handle().shape().dim() >= 2) {
                    weights.add(name);
                }
            });
            return weights;
        }
        for (String param : settings.params()) {
            if (!slots.containsKey(param)) {
                throw new IllegalArgumentException("no parameter '" + param + "' in model " + model.name()
                        + "; parameters are: " + String.join(", ", slots.keySet()));
            }
        }
        return settings.params();
    }

    private static long zeros(float[] values) {
        long zeros = 0;
        for (float value : values) {
            if (value == 0f) {
                zeros++;
            }
        }
        return zeros;
    }

    private static double seconds(long nanos) {
        return Math.max(nanos, 1) / 1e9;
    }

    /**
     * The model as the app computes with it when the sweep starts: a private copy, and for each swept parameter
     * its current values and pruning state, from which each experiment starts.
     */
    private static final class Snapshot {
        final PrivateCopy copy;
        private final Map<String, ParameterState> states;
        private final Map<String, ParameterSlot> slots;

        Snapshot(Model model, List<String> params) {
            Object root = model.root();
            if (root == null) {
                throw new IllegalStateException("model " + model.name() + " is gone: the app no longer holds it");
            }
            ModelState published = model.published();
            this.slots = model.slotsIn(published);
            this.states = new java.util.HashMap<>();
            for (String param : params) {
                ParameterState state = published.get(param);
                states.put(param, state != null ? state
                        : new ParameterState(slots.get(param).handle().read(), null, 0));
            }
            try {
                this.copy = model.copier().copy(root, model.tree());
            } catch (UnsupportedOperationException e) {
                throw new IllegalStateException("model " + model.name() + " cannot be swept: " + e.getMessage());
            }
        }

        /** {@code param} pruned by {@code method} from its current state, as a prune of the app's model would be. */
        PrunedParameter prune(String param, PruningMethod method, Kernels kernels) {
            ParameterState state = states.get(param);
            if (state.isPruned()) {
                return state.pruned().prune(method, null, kernels);
            }
            ParameterSlot slot = slots.get(param);
            return PrunedParameter.prune(slot.handle().values(state.original()), slot.handle().shape(), method, null,
                    kernels);
        }

        double sparsity(String param) {
            ParameterState state = states.get(param);
            float[] values = state.isPruned() ? state.pruned().weight()
                    : slots.get(param).handle().values(state.original());
            return zeros(values) / (double) Math.max(1, values.length);
        }
    }
}
