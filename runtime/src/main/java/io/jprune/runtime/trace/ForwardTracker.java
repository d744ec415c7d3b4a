package io.jprune.runtime.trace;

import io.jprune.kernels.Kernels;
import io.jprune.runtime.model.Model;
import io.jprune.runtime.model.ModelRegistry;
import io.jprune.runtime.spi.ForwardObserver;
import io.jprune.runtime.spi.ModelDiscovery;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Tells root forwards from nested ones, per thread, and holds a model's gate from the start to the end of
 * its root forward. A framework adapter's forward hooks call {@link #enter} and {@link #exit} around every
 * forward; nested forwards only move a depth counter, so a layer's forward costs one thread-local lookup.
 *
 * <p>The per-thread frame is shared by every tracker, so that a module of one framework running inside a
 * forward of another is still seen as nested. It also carries the trace session of a forward jprune runs
 * itself (the structure analysis), so that the app's threads, which have none, pay nothing for tracing.
 *
 * <p>Immutable configuration: {@link #recomputingEveryForward} gives a tracker for the PyTorch-like benchmark
 * mode.
 */
public final class ForwardTracker implements ForwardObserver {

    /** The root forward running on a thread, if any, how deep inside it the thread is, and its trace session. */
    private static final class Frame {
        Model active;
        int depth;
        TraceSession session;
    }

    private static final ThreadLocal<Frame> FRAMES = ThreadLocal.withInitial(Frame::new);

    private final ModelRegistry registry;
    private final ModelDiscovery discovery;
    private final Kernels recompute;

    /**
     * @param registry  where roots are found and registered
     * @param discovery how this adapter turns a root object into a module tree
     */
    public ForwardTracker(ModelRegistry registry, ModelDiscovery discovery) {
        this(registry, discovery, null);
    }

    private ForwardTracker(ModelRegistry registry, ModelDiscovery discovery, Kernels recompute) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.discovery = Objects.requireNonNull(discovery, "discovery");
        this.recompute = recompute;
    }

    /**
     * This tracker in PyTorch's mode, kept only to measure what jprune's cached generations save: before every
     * root forward, {@code orig * mask} of every pruned parameter is computed anew with {@code kernels} and
     * installed, as PyTorch's forward pre-hook recomputes {@code weight} on every call.
     */
    public ForwardTracker recomputingEveryForward(Kernels kernels) {
        return new ForwardTracker(registry, discovery, Objects.requireNonNull(kernels, "kernels"));
    }

    /** A forward of {@code module} starts on this thread; its arguments are not known. */
    public void enter(Object module) {
        enter(module, null);
    }

    /**
     * A forward of {@code module} starts on this thread with these arguments (which only a trace session and the
     * first few root forwards of a model look at).
     */
    @Override
    public void enter(Object module, Object[] arguments) {
        Frame frame = FRAMES.get();
        TraceSession session = frame.session;
        if (session != null) {
            if (session.isIsolated()) {
                return;
            }
            session.enter(module, arguments);
        }
        if (frame.active != null) {
            frame.depth++;
            return;
        }
        Model model = registry.rootModel(module, discovery);
        if (model == null) {
            return;
        }
        model.enterForward();
        frame.active = model;
        frame.depth = 1;
        if (session == null) {
            model.captureInput(arguments);
        }
        if (recompute != null) {
            model.recomputeMaskedWeights(recompute);
        }
    }

    /** A forward of {@code module} ends on this thread, normally or by an exception; its result is not known. */
    public void exit(Object module) {
        exit(module, null);
    }

    /**
     * A forward of {@code module} ends on this thread, normally or by an exception.
     *
     * @param returned what it returns to its caller ({@code null} after an exception); a trace session may
     *                 change a {@code float[]} in place, before the caller sees it
     */
    @Override
    public void exit(Object module, Object returned) {
        Frame frame = FRAMES.get();
        TraceSession session = frame.session;
        if (session != null) {
            if (session.isIsolated()) {
                return;
            }
            session.exit(module, returned);
        }
        Model model = frame.active;
        if (model == null) {
            return;
        }
        if (--frame.depth == 0) {
            frame.active = null;
            model.exitForward();
        }
    }

    /**
     * Runs {@code forward} on this thread with {@code session} bound to it: every hooked forward it runs is seen
     * by the session, and none is captured as an input of the app.
     */
    static <R> R withSession(TraceSession session, Supplier<R> forward) {
        Frame frame = FRAMES.get();
        TraceSession outer = frame.session;
        frame.session = session;
        try {
            return forward.get();
        } finally {
            frame.session = outer;
        }
    }

    /** The model whose root forward is running on this thread, or {@code null}; for tests and diagnostics. */
    public static Model activeModel() {
        return FRAMES.get().active;
    }
}
