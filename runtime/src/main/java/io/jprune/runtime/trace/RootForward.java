package io.jprune.runtime.trace;

import io.jprune.runtime.model.Model;
import io.jprune.runtime.spi.ForwardInvoker;
import io.jprune.runtime.structure.ChannelPerturbation;
import io.jprune.runtime.structure.ForwardTrace;
import java.util.Objects;

/**
 * The model's root forward run by jprune itself, on the calling thread, through the app's own hooked forward
 * method: it holds the model's gate like any root forward, so it computes with exactly one generation, and it
 * is never taken for one of the app's inputs. It runs the app's code, with whatever that code does besides
 * computing.
 */
public final class RootForward {
    private final Model model;

    /** @param model the model whose root forward is run */
    public RootForward(Model model) {
        this.model = Objects.requireNonNull(model, "model");
    }

    /**
     * Runs the root forward on {@code arguments} and returns what it returns.
     *
     * @throws IllegalArgumentException when the root has no forward method taking these arguments
     * @throws IllegalStateException    when the app no longer holds the model or its adapter cannot run forwards
     */
    public Object run(Object... arguments) {
        return ForwardTracker.withSession(TraceSession.silent(), () -> invoke(arguments));
    }

    /**
     * Runs the root forward on {@code arguments} recording every module forward, with one module's output
     * perturbed when {@code perturbation} is not {@code null}.
     */
    ForwardTrace trace(Object[] arguments, ChannelPerturbation perturbation) {
        TraceSession session = TraceSession.recording(model.tree(), model.activations(), perturbation);
        ForwardTracker.withSession(session, () -> invoke(arguments));
        return new ForwardTrace(session.calls());
    }

    private Object invoke(Object[] arguments) {
        Object root = model.root();
        if (root == null) {
            throw new IllegalStateException("model " + model.name() + " is gone: the app no longer holds it");
        }
        ForwardInvoker forward = model.tree().forward();
        if (forward == null) {
            throw new IllegalStateException("model " + model.name() + ": its adapter cannot run its forward");
        }
        return forward.invoke(root, arguments);
    }
}
