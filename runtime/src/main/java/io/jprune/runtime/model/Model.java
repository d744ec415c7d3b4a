package io.jprune.runtime.model;

import io.jprune.kernels.Kernels;
import io.jprune.runtime.diagnostics.DiagnosticLog;
import io.jprune.runtime.diagnostics.FaultInjection;
import io.jprune.runtime.model.CompactionState.DimValue;
import io.jprune.runtime.prune.PrunedParameter;
import io.jprune.runtime.record.ChangeLog;
import io.jprune.runtime.spi.ActivationForm;
import io.jprune.runtime.spi.DiscoveredModel;
import io.jprune.runtime.spi.GraphStructure;
import io.jprune.runtime.spi.ModelCopier;
import io.jprune.runtime.spi.ModuleNode;
import io.jprune.runtime.spi.ParameterHandle;
import io.jprune.runtime.spi.ParameterNames;
import io.jprune.runtime.spi.WeightInstaller;
import io.jprune.runtime.trace.CapturedInputs;
import io.jprune.runtime.trace.TrafficObserver;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * One model of the app: the outermost module whose forward runs on a thread, with its module tree, its
 * current pruning state and the gate that lets each of its forwards see exactly one state.
 *
 * <p>Operations never write the app's fields themselves: they publish a new immutable generation, and the
 * generation is installed into the app's fields only while no forward of this model is running (under the
 * write side of a read-write lock whose read side every root forward holds from enter to exit). So a
 * prune arriving mid-forward becomes visible, for every layer at once, from the next forward on. A compaction
 * is a generation too: the smaller arrays, their shapes and the int dims the app's loops run to are installed
 * together, so no forward ever runs a layer whose sizes and arrays disagree.
 *
 * <p>The root is held weakly: jprune never keeps a model the app has dropped alive.
 */
public final class Model {
    /** How long an entering forward waits for in-flight forwards before running on the old generation. */
    private static final Duration INSTALL_PATIENCE = Duration.ofMillis(250);
    /** After a failed wait, how long entering forwards only try without waiting, to bound their stall. */
    private static final long INSTALL_BACKOFF_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final String name;
    private final WeakReference<Object> root;
    private final ModuleNode tree;
    private final WeightInstaller installer;
    private final ActivationForm activations;
    private final Map<String, ParameterSlot> slots;
    /**
     * Not fair on purpose: a fair lock also queues readers behind queued readers, and once a swap has made
     * forwards queue, app threads that outnumber the cores keep finding woken-but-not-yet-running readers ahead
     * of them and park on every forward from then on (a lock convoy: forwards took 8x longer after the first
     * prune, measured by TornInferenceIT). The non-fair lock still makes readers wait behind a writer at the head
     * of the queue, so an install is never starved.
     */
    private final ReentrantReadWriteLock forwardLock = new ReentrantReadWriteLock(false);
    private final Object mutationLock = new Object();
    private final long installPatienceNanos;
    private final CapturedInputs inputs;
    private final ChangeLog changeLog = new ChangeLog();
    private final ModelCopier copier;
    /** The adapter's other names for the model's tensors. */
    private final ParameterNames names;
    private final GraphStructure graph;
    /** At most one observer of the app's traffic (a running sweep); {@code null} costs a forward one volatile read. */
    private final AtomicReference<TrafficObserver> traffic = new AtomicReference<>();

    private volatile ModelState published = ModelState.EMPTY;
    /** Written only under the write lock; volatile so that exiting forwards can peek without it. */
    private volatile ModelState installed = ModelState.EMPTY;
    private volatile long nextPatientInstallNanos = System.nanoTime();
    /** A generation whose install failed and was rolled back: never retried, so a broken install costs one try. */
    private volatile ModelState failedInstall;
    private volatile Throwable installFailure;
    /** Whether a forward already waits for the write lock to install: one installer at a time, the others queue. */
    private final AtomicBoolean installerWaiting = new AtomicBoolean();
    /** Generations published and replaced before any install used them, whose values may need releasing. */
    private final Queue<ModelState> superseded = new ConcurrentLinkedQueue<>();
    /** Notified whenever an install ends, so that the change waiting for it can report how it ended. */
    private final Object installEnded = new Object();

    /**
     * A plain-Java model: one field reference per parameter, {@code float[]} activations.
     *
     * @param name the name the model is known by over JMX, e.g. {@code LeNet} or {@code LeNet#2}
     * @param root the app's root module object, held weakly
     * @param tree its modules as discovered
     */
    public Model(String name, Object root, ModuleNode tree) {
        this(name, root, DiscoveredModel.of(tree));
    }

    /**
     * @param name       the name the model is known by over JMX, e.g. {@code LeNet} or {@code LeNet#2}
     * @param root       the app's root module object, held weakly
     * @param discovered what its adapter found: the modules, how generations are applied, the activations' form
     */
    public Model(String name, Object root, DiscoveredModel discovered) {
        this(name, root, discovered, INSTALL_PATIENCE);
    }

    /** As above, with the wait for in-flight forwards chosen by the test. */
    Model(String name, Object root, ModuleNode tree, Duration installPatience) {
        this(name, root, DiscoveredModel.of(tree), installPatience);
    }

    private Model(String name, Object root, DiscoveredModel discovered, Duration installPatience) {
        this.installPatienceNanos = installPatience.toNanos();
        this.name = Objects.requireNonNull(name, "name");
        this.root = new WeakReference<>(Objects.requireNonNull(root, "root"));
        this.tree = discovered.tree();
        this.installer = discovered.installer();
        this.activations = discovered.activations();
        this.inputs = new CapturedInputs(activations);
        this.copier = discovered.copier();
        this.names = discovered.names();
        this.graph = discovered.graph();
        this.slots = Collections.unmodifiableMap(slotsOf(tree));
    }

    private static Map<String, ParameterSlot> slotsOf(ModuleNode tree) {
        Map<String, ParameterSlot> slots = new LinkedHashMap<>();
        for (ModuleNode module : tree.namedModules()) {
            List<ParameterHandle> parameters = module.parameters();
            for (int i = 0; i < parameters.size(); i++) {
                ParameterHandle handle = parameters.get(i);
                String qualified = module.qualify(handle.name());
                slots.putIfAbsent(qualified, new ParameterSlot(qualified, module, handle, i));
            }
        }
        return slots;
    }

    /** The name over JMX: the root class's simple name, then {@code #2}, {@code #3} for more instances. */
    public String name() {
        return name;
    }

    /** The app's root module, or {@code null} once the app has dropped it. */
    public Object root() {
        return root.get();
    }

    /** Whether the app still holds the model; a dead model is unregistered. */
    public boolean isAlive() {
        return root.get() != null;
    }

    /** The module tree as discovered. */
    public ModuleNode tree() {
        return tree;
    }

    /** The form of this model's forward inputs and outputs, as its adapter gave it. */
    public ActivationForm activations() {
        return activations;
    }

    /** Qualified names of every parameter as addressed by pruning calls ({@code conv1.weight}), in discovery order. */
    public List<String> parameterNames() {
        return new ArrayList<>(slots.keySet());
    }

    /** Whether some parameter is pruned, as PyTorch's {@code prune.is_pruned(model)}. */
    public boolean isPruned() {
        return published.anyPruned();
    }

    /** The pruning state of a parameter, or {@code null} when it is not pruned. */
    public PrunedParameter pruned(String qualifiedName) {
        ParameterState state = published.get(qualifiedName);
        return state == null ? null : state.pruned();
    }

    /**
     * Why the framework's tensor of that name is not a parameter (its adapter's {@link ParameterNames}), or
     * {@code null}: what an operation on a name that has no slot reports instead of "no parameter".
     */
    public String whyNotAParameter(String name) {
        return name == null ? null : names.whyNotAParameter(name);
    }

    /**
     * Every tensor of the framework that is no parameter, with its reason (its adapter's {@link ParameterNames}),
     * in the framework's order; empty when the adapter knows none.
     */
    public Map<String, String> notParameters() {
        return names.notParameters();
    }

    /**
     * The qualified name a name given by a person stands for: itself when it names a parameter or is unknown,
     * the parameter's qualified name when it is the framework's other name for it ({@link ParameterNames}).
     * Operations call this first, so that every one of them accepts both names.
     */
    public String qualifiedName(String name) {
        if (name == null || slots.containsKey(name)) {
            return name;
        }
        String qualified = names.qualifiedName(name);
        return qualified != null && slots.containsKey(qualified) ? qualified : name;
    }

    /** The framework's own name for a parameter when it differs from the qualified name, or {@code null}. */
    public String otherName(String qualifiedName) {
        String other = names.otherName(qualifiedName);
        return other == null || other.equals(qualifiedName) ? null : other;
    }

    /** A parameter's slot in the published generation (after compaction, with the compacted shape), or {@code null}. */
    public ParameterSlot slot(String qualifiedName) {
        return published.slot(slots.get(qualifiedName));
    }

    /** Every parameter's slot in the published generation, in discovery order. */
    public Map<String, ParameterSlot> slots() {
        return slotsIn(published);
    }

    /** Every parameter's slot in {@code state}, in discovery order: shapes are per generation since compaction. */
    public Map<String, ParameterSlot> slotsIn(ModelState state) {
        if (state.compaction() == null) {
            return slots;
        }
        Map<String, ParameterSlot> current = new LinkedHashMap<>();
        for (ParameterSlot slot : slots.values()) {
            current.put(slot.qualifiedName(), state.slot(slot));
        }
        return Collections.unmodifiableMap(current);
    }

    public ModelState published() {
        return published;
    }

    /** A change to a model's state: computes the next generation from the current one, or throws. */
    @FunctionalInterface
    public interface StateChange<R> {
        /** The next generation and a result for the caller; throwing leaves the model as it was. */
        Outcome<R> apply(ModelState current);
    }

    /** The next generation and what the operation reports about it. */
    public record Outcome<R>(ModelState next, R result) {
    }

    /**
     * Applies one change atomically with respect to other changes, publishes it, installs it at once when no
     * forward is running (so an idle app is updated too) and otherwise waits, up to the install patience, for
     * the next forward to install it. A change that throws publishes nothing; a change whose install fails is
     * withdrawn and reported to the caller, and the app keeps the weights it had (the install is rolled back).
     * Past the patience the change stays published and applies from a later forward, as before.
     */
    public <R> R change(StateChange<R> change) {
        synchronized (mutationLock) {
            ModelState before = published;
            Outcome<R> outcome = change.apply(before);
            ModelState next = outcome.next();
            if (before != installed) {
                superseded.add(before); // never installed: released by the next install, which no longer needs it
            }
            published = next;
            installIfIdle();
            Throwable failure = awaitInstall(next);
            if (failure != null) {
                published = before;
                releaseUnused(List.of(next)); // marked failed, so no install will use it again
                throw new IllegalStateException("installing the new weights into model " + name + " failed ("
                        + failure + "); the change is withdrawn and the app keeps computing with its previous weights");
            }
            return outcome.result();
        }
    }

    /** How the install of {@code next} ended: {@code null} when installed or still pending after the patience. */
    private Throwable awaitInstall(ModelState next) {
        if (forwardLock.getReadHoldCount() > 0) {
            return null; // a forward of this very thread: the install can only come after it
        }
        long deadline = System.nanoTime() + installPatienceNanos;
        synchronized (installEnded) {
            while (installed != next && failedInstall != next) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return null;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(installEnded, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return null;
                }
            }
        }
        return failedInstall == next ? installFailure : null;
    }

    /**
     * Called when a root forward of this model starts; returns holding the read side of the gate, with the
     * latest generation installed if it could be installed without waiting on a stuck forward.
     */
    public void enterForward() {
        ReentrantReadWriteLock.ReadLock read = forwardLock.readLock();
        read.lock();
        if (installPending()) {
            installBeforeForward(read);
        }
    }

    private boolean installPending() {
        ModelState target = published;
        return target != installed && target != failedInstall;
    }

    /** Called when a root forward of this model ends, however it ends; releases what {@link #enterForward} took. */
    public void exitForward() {
        forwardLock.readLock().unlock();
        if (installPending()) {
            installIfIdle();
        }
    }

    private void installBeforeForward(ReentrantReadWriteLock.ReadLock read) {
        if (!installerWaiting.compareAndSet(false, true)) {
            // another forward already waits to install: queue behind it (the lock is fair) rather than become one
            // more writer that every forward would have to drain for in turn
            read.unlock();
            read.lock();
            return;
        }
        ReentrantReadWriteLock.WriteLock write = forwardLock.writeLock();
        read.unlock();
        boolean writing = false;
        try {
            writing = acquireForInstall(write);
            if (writing) {
                install();
            }
        } catch (Throwable e) {
            // whatever happens, the forward must get its read lock back and run: a leaked lock would stop installs
            DiagnosticLog.failureOnce("installing pruned weights into model " + name, e);
        } finally {
            installerWaiting.set(false);
            read.lock();
            if (writing) {
                write.unlock();
            }
        }
    }

    private boolean acquireForInstall(ReentrantReadWriteLock.WriteLock write) {
        long now = System.nanoTime();
        if (now - nextPatientInstallNanos < 0) {
            return write.tryLock();
        }
        try {
            if (write.tryLock(installPatienceNanos, TimeUnit.NANOSECONDS)) {
                return true;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        nextPatientInstallNanos = now + INSTALL_BACKOFF_NANOS;
        DiagnosticLog.debug("model " + name + ": a forward has run for over "
                + TimeUnit.NANOSECONDS.toMillis(installPatienceNanos) + " ms; the new pruning state waits for it");
        return false;
    }

    private void installIfIdle() {
        ReentrantReadWriteLock.WriteLock write = forwardLock.writeLock();
        if (!write.tryLock()) {
            return;
        }
        try {
            install();
        } catch (Throwable e) {
            DiagnosticLog.failureOnce("installing pruned weights into model " + name, e);
        } finally {
            write.unlock();
        }
    }

    /**
     * Applies the published generation to the app through the adapter's installer, all or none: only the
     * parameters and dims that differ from the installed generation are written, then the installation is
     * committed. If a write or the commit fails, the installation is rolled back, the generation is marked failed
     * (never retried) and the failure is rethrown. Holds the write lock, so no forward sees a half-done install.
     * Values that neither the new nor the published generation uses any longer are then released.
     */
    private void install() {
        ModelState target = published;
        ModelState current = installed;
        if (target == current || target == failedInstall) {
            return;
        }
        WeightInstaller.Installation installation = installer.begin();
        try {
            for (Map.Entry<String, ParameterState> entry : target.parameters().entrySet()) {
                ParameterState wanted = entry.getValue();
                if (current.get(entry.getKey()) == wanted) {
                    continue;
                }
                installation.write(slots.get(entry.getKey()).handle(), wanted.appValue());
                FaultInjection.afterFieldWritten(name, entry.getKey());
            }
            writeDims(current, target, installation);
            installation.commit();
        } catch (RuntimeException | Error e) {
            installation.rollBack();
            installFailure = e;
            failedInstall = target;
            signalInstallEnded();
            throw e;
        }
        installed = target;
        signalInstallEnded();
        List<ModelState> dropped = new ArrayList<>();
        dropped.add(current);
        for (ModelState skipped; (skipped = superseded.poll()) != null; ) {
            dropped.add(skipped);
        }
        releaseUnused(dropped);
    }

    /**
     * Writes the int dims {@code target} wants (compaction's), and the original value of every dim {@code current}
     * changed that {@code target} does not (restore's).
     */
    private static void writeDims(ModelState current, ModelState target, WeightInstaller.Installation installation) {
        Map<String, DimValue> wanted = target.compaction() == null ? Map.of() : target.compaction().dims();
        for (DimValue dim : wanted.values()) {
            installation.write(dim.handle(), dim.value());
        }
        if (current.compaction() != null) {
            for (Map.Entry<String, DimValue> dim : current.compaction().dims().entrySet()) {
                if (!wanted.containsKey(dim.getKey())) {
                    installation.write(dim.getValue().handle(), dim.getValue().original());
                }
            }
        }
    }

    /**
     * Tells the installer, once each, about every value the {@code dropped} generations hold that neither the
     * installed nor the published generation uses: the app no longer reads it and no later install can bring it
     * back (every generation keeps an explicit state, with its original, for each parameter jprune touched).
     */
    private void releaseUnused(List<ModelState> dropped) {
        ModelState now = installed;
        ModelState next = published;
        Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (ModelState generation : dropped) {
            generation.forEachValue((qualifiedName, value) -> {
                if (seen.add(value) && !now.holds(value) && !next.holds(value)) {
                    releaseQuietly(qualifiedName, value);
                }
            });
        }
    }

    /** Releases every value the installed and the published generation hold: the app has dropped the model. */
    public void releaseAll() {
        Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (ModelState state : new ModelState[] {installed, published}) {
            state.forEachValue((qualifiedName, value) -> {
                if (seen.add(value)) {
                    releaseQuietly(qualifiedName, value);
                }
            });
        }
    }

    private void releaseQuietly(String qualifiedName, Object value) {
        try {
            installer.release(slots.get(qualifiedName).handle(), value);
        } catch (RuntimeException | Error e) {
            DiagnosticLog.failureOnce("releasing a value of " + qualifiedName + " of model " + name, e);
        }
    }

    private void signalInstallEnded() {
        synchronized (installEnded) {
            installEnded.notifyAll();
        }
    }

    /** Keeps a copy of a root forward's arguments while the model still wants inputs to trace. */
    public void captureInput(Object[] arguments) {
        inputs.offer(arguments);
        TrafficObserver observer = traffic.get();
        if (observer != null) {
            try {
                observer.forward(arguments);
            } catch (RuntimeException | Error e) {
                DiagnosticLog.failureOnce("observing a forward of model " + name, e);
            }
        }
    }

    /**
     * Lets {@code observer} see every root forward of the app from now until {@link #stopObservingTraffic}.
     *
     * @return {@code false} when another observer is attached (one sweep per model at a time)
     */
    public boolean observeTraffic(TrafficObserver observer) {
        return traffic.compareAndSet(null, Objects.requireNonNull(observer, "observer"));
    }

    /** Detaches {@code observer} if it is the one attached. */
    public void stopObservingTraffic(TrafficObserver observer) {
        traffic.compareAndSet(observer, null);
    }

    /** The model's graph, as its adapter read it, or {@link GraphStructure#NONE}: structure is then replayed. */
    public GraphStructure graph() {
        return graph;
    }

    /** How private copies of this model are made, as its adapter said. */
    public ModelCopier copier() {
        return copier;
    }

    /** Where this model's changes are recorded (the Flight Recorder, the MBean's notifications). */
    public ChangeLog changeLog() {
        return changeLog;
    }

    /** The copies of the app's first root-forward arguments, which tracing replays. */
    public CapturedInputs capturedInputs() {
        return inputs;
    }

    /**
     * PyTorch's forward pre-hook, for the {@code recompute=per-forward} benchmark mode: computes
     * {@code orig * mask} of every pruned parameter of the installed generation anew and installs the new
     * arrays. Called by a root forward holding the read side of the gate, so the generation cannot change
     * meanwhile; a concurrent forward of another thread sees either array, and both hold the same values.
     */
    public void recomputeMaskedWeights(Kernels kernels) {
        ModelState state = installed;
        WeightInstaller.Installation installation = installer.begin();
        List<ParameterHandle> replaced = new ArrayList<>();
        List<Object> previous = new ArrayList<>();
        for (Map.Entry<String, ParameterState> entry : state.parameters().entrySet()) {
            ParameterState parameter = entry.getValue();
            if (!parameter.isPruned()) {
                continue;
            }
            PrunedParameter pruned = parameter.pruned();
            float[] orig = pruned.orig();
            float[] product = new float[orig.length];
            kernels.maskedMultiply(orig, pruned.mask(), product);
            ParameterHandle handle = state.slot(slots.get(entry.getKey())).handle();
            replaced.add(handle);
            previous.add(handle.read());
            installation.write(handle, handle.toAppValue(product));
        }
        installation.commit();
        for (int i = 0; i < replaced.size(); i++) {
            if (!state.holds(previous.get(i))) {
                installer.release(replaced.get(i), previous.get(i));
            }
        }
    }

    /**
     * Runs {@code body} with no other change to this model before, during or after it until it returns, after
     * bringing the app's fields up to the published generation: what the body reads of the model (the published
     * generation) is what the app computes with. For work that runs the model's own forward, such as the
     * structure analysis, whose traces must all see one generation.
     *
     * @throws IllegalStateException when the app's forwards did not pause within {@code patience} for the
     *     latest generation to be installed, or its install failed
     */
    public <R> R exclusively(Duration patience, Supplier<R> body) {
        synchronized (mutationLock) {
            ReentrantReadWriteLock.WriteLock write = lockForInstall(patience);
            try {
                install();
            } finally {
                write.unlock();
            }
            if (published != installed) {
                throw new IllegalStateException("model " + name + ": the latest change could not be installed ("
                        + installFailure + "); restore the model first");
            }
            return body.get();
        }
    }

    /**
     * Installs {@code candidate} with no forward of the app running, then asks {@code check} on it (the check may
     * run the model's forward on this thread); keeps it only if the check finds nothing, and otherwise installs
     * {@code previous} instead, so that no app forward ever computes with a candidate that failed. To be called
     * inside {@link #exclusively}, with both generations computed from the published one.
     *
     * @param previous the published generation with an explicit state for every parameter {@code candidate}
     *                 changes, so that installing it writes each of them back
     * @return {@code null} when {@code candidate} is kept, else why not
     */
    public String installChecked(ModelState candidate, ModelState previous, Supplier<String> check, Duration patience) {
        synchronized (mutationLock) {
            ReentrantReadWriteLock.WriteLock write = lockForInstall(patience);
            try {
                published = candidate;
                String problem;
                try {
                    install();
                    problem = check.get();
                } catch (RuntimeException | Error e) {
                    problem = e.toString();
                }
                if (problem != null) {
                    published = previous;
                    install();
                }
                return problem;
            } finally {
                write.unlock();
            }
        }
    }

    private ReentrantReadWriteLock.WriteLock lockForInstall(Duration patience) {
        ReentrantReadWriteLock.WriteLock write = forwardLock.writeLock();
        try {
            if (write.tryLock(patience.toNanos(), TimeUnit.NANOSECONDS)) {
                return write;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw new IllegalStateException("model " + name + ": the app's forwards did not pause within "
                + patience.toMillis() + " ms; nothing was changed");
    }

    /** Whether some thread waits to start a forward or to install; for tests. */
    boolean hasWaitingThreads() {
        return forwardLock.hasQueuedThreads();
    }

    /** Whether the app's fields hold the latest published generation; for tests and diagnostics. */
    public boolean isUpToDate() {
        return published == installed;
    }

    @Override
    public String toString() {
        return "Model[" + name + ", " + slots.size() + " parameters]";
    }
}
