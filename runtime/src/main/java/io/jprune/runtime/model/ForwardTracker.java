package io.jprune.runtime.model;

import java.util.Objects;

/**
 * Tells root forwards from nested ones, per thread, and holds a model's gate from the start to the end of
 * its root forward. A framework adapter's forward hooks call {@link #enter} and {@link #exit} around every
 * forward; nested forwards only move a depth counter, so a layer's forward costs one thread-local lookup.
 *
 * <p>The per-thread frame is shared by every tracker, so that a module of one framework running inside a
 * forward of another is still seen as nested.
 */
public final class ForwardTracker {

    /** The root forward running on a thread, if any, and how deep inside it the thread is. */
    private static final class Frame {
        Model active;
        int depth;
    }

    private static final ThreadLocal<Frame> FRAMES = ThreadLocal.withInitial(Frame::new);

    private final ModelRegistry registry;
    private final ModelDiscovery discovery;

    /**
     * @param registry  where roots are found and registered
     * @param discovery how this adapter turns a root object into a module tree
     */
    public ForwardTracker(ModelRegistry registry, ModelDiscovery discovery) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.discovery = Objects.requireNonNull(discovery, "discovery");
    }

    /** A forward of {@code module} starts on this thread. */
    public void enter(Object module) {
        Frame frame = FRAMES.get();
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
    }

    /** A forward of {@code module} ends on this thread, normally or by an exception. */
    public void exit(Object module) {
        Frame frame = FRAMES.get();
        Model model = frame.active;
        if (model == null) {
            return;
        }
        if (--frame.depth == 0) {
            frame.active = null;
            model.exitForward();
        }
    }

    /** The model whose root forward is running on this thread, or {@code null}; for tests and diagnostics. */
    public static Model activeModel() {
        return FRAMES.get().active;
    }
}
