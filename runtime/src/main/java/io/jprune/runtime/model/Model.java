package io.jprune.runtime.model;

import io.jprune.runtime.prune.PrunedParameter;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * One model of the app: the outermost module whose forward runs on a thread, with its module tree, its
 * current pruning state and the gate that lets each of its forwards see exactly one state.
 *
 * <p>Operations never write the app's fields themselves: they publish a new immutable generation, and the
 * generation is installed into the app's fields only while no forward of this model is running (under the
 * write side of a fair read-write lock whose read side every root forward holds from enter to exit). So a
 * prune arriving mid-forward becomes visible, for every layer at once, from the next forward on.
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
    private final Map<String, ParameterSlot> slots;
    private final ReentrantReadWriteLock forwardLock = new ReentrantReadWriteLock(true);
    private final Object mutationLock = new Object();
    private final long installPatienceNanos;

    private volatile ModelState published = ModelState.EMPTY;
    /** Written only under the write lock; volatile so that exiting forwards can peek without it. */
    private volatile ModelState installed = ModelState.EMPTY;
    private volatile long nextPatientInstallNanos = System.nanoTime();

    /**
     * @param name the name the model is known by over JMX, e.g. {@code LeNet} or {@code LeNet#2}
     * @param root the app's root module object, held weakly
     * @param tree its modules as discovered
     */
    public Model(String name, Object root, ModuleNode tree) {
        this(name, root, tree, INSTALL_PATIENCE);
    }

    /** As above, with the wait for in-flight forwards chosen by the test. */
    Model(String name, Object root, ModuleNode tree, Duration installPatience) {
        this.installPatienceNanos = installPatience.toNanos();
        this.name = Objects.requireNonNull(name, "name");
        this.root = new WeakReference<>(Objects.requireNonNull(root, "root"));
        this.tree = Objects.requireNonNull(tree, "tree");
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

    ParameterSlot slot(String qualifiedName) {
        return slots.get(qualifiedName);
    }

    Map<String, ParameterSlot> slots() {
        return slots;
    }

    ModelState published() {
        return published;
    }

    /** A change to a model's state: computes the next generation from the current one, or throws. */
    @FunctionalInterface
    interface StateChange<R> {
        /** The next generation and a result for the caller; throwing leaves the model as it was. */
        Outcome<R> apply(ModelState current);
    }

    /** The next generation and what the operation reports about it. */
    record Outcome<R>(ModelState next, R result) {
    }

    /**
     * Applies one change atomically with respect to other changes, publishes it and installs it at once when
     * no forward is running (so an idle app is updated too). A change that throws publishes nothing.
     */
    <R> R change(StateChange<R> change) {
        R result;
        synchronized (mutationLock) {
            Outcome<R> outcome = change.apply(published);
            published = outcome.next();
            result = outcome.result();
        }
        installIfIdle();
        return result;
    }

    /**
     * Called when a root forward of this model starts; returns holding the read side of the gate, with the
     * latest generation installed if it could be installed without waiting on a stuck forward.
     */
    public void enterForward() {
        ReentrantReadWriteLock.ReadLock read = forwardLock.readLock();
        read.lock();
        if (published != installed) {
            installBeforeForward(read);
        }
    }

    /** Called when a root forward of this model ends, however it ends; releases what {@link #enterForward} took. */
    public void exitForward() {
        forwardLock.readLock().unlock();
        if (published != installed) {
            installIfIdle();
        }
    }

    private void installBeforeForward(ReentrantReadWriteLock.ReadLock read) {
        ReentrantReadWriteLock.WriteLock write = forwardLock.writeLock();
        read.unlock();
        boolean writing = false;
        try {
            writing = acquireForInstall(write);
            if (writing) {
                install();
            }
        } catch (RuntimeException | LinkageError e) {
            DiagnosticLog.failureOnce("installing pruned weights into model " + name, e);
        } finally {
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
        } catch (RuntimeException | LinkageError e) {
            DiagnosticLog.failureOnce("installing pruned weights into model " + name, e);
        } finally {
            write.unlock();
        }
    }

    /** Writes the app's fields that differ between the installed and the published generation; holds the write lock. */
    private void install() {
        ModelState target = published;
        ModelState current = installed;
        if (target == current) {
            return;
        }
        for (Map.Entry<String, ParameterState> entry : target.parameters().entrySet()) {
            ParameterState wanted = entry.getValue();
            if (current.get(entry.getKey()) == wanted) {
                continue;
            }
            ParameterHandle handle = slots.get(entry.getKey()).handle();
            Object value = wanted.appValue();
            try {
                if (handle.read() != value) {
                    handle.write(value);
                }
            } catch (RuntimeException e) {
                DiagnosticLog.failureOnce("writing " + entry.getKey() + " of model " + name, e);
            }
        }
        installed = target;
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
