package io.jprune.agent.instrumentation;

import io.jprune.kernels.Kernels;
import io.jprune.runtime.model.ModelRegistry;
import io.jprune.runtime.spi.ForwardObserver;
import io.jprune.runtime.spi.ModelDiscovery;
import io.jprune.runtime.trace.ForwardTracker;
import java.lang.instrument.Instrumentation;
import java.util.Objects;

/**
 * What an instrumentation module is given to install itself: the JVM's instrumentation, to hook classes, and the
 * engine, reached only through {@link #observe}. Immutable; one per agent start.
 */
public final class InstrumentationContext {
    private final Instrumentation instrumentation;
    private final ModelRegistry registry;
    private final Kernels recomputeEveryForward;

    /**
     * @param instrumentation       the JVM's instrumentation
     * @param registry              where every module's models are registered (and their MBeans published)
     * @param recomputeEveryForward the kernels that recompute masked weights before every root forward, in the
     *                              {@code recompute=per-forward} benchmark mode; {@code null} normally
     */
    public InstrumentationContext(Instrumentation instrumentation, ModelRegistry registry,
                                  Kernels recomputeEveryForward) {
        this.instrumentation = Objects.requireNonNull(instrumentation, "instrumentation");
        this.registry = Objects.requireNonNull(registry, "registry");
        this.recomputeEveryForward = recomputeEveryForward;
    }

    /** The JVM's instrumentation, to add transformers and retransform loaded classes. */
    public Instrumentation instrumentation() {
        return instrumentation;
    }

    /**
     * The observer a module's forward hooks report to: it discovers models with {@code discovery} the first time a
     * root object's forward runs, and does the rest (gates, generations, capture, tracing).
     */
    public ForwardObserver observe(ModelDiscovery discovery) {
        ForwardTracker tracker = new ForwardTracker(registry, discovery);
        return recomputeEveryForward == null ? tracker : tracker.recomputingEveryForward(recomputeEveryForward);
    }
}
