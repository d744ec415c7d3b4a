package io.jprune.runtime.trace;

import io.jprune.runtime.spi.ActivationForm;
import io.jprune.runtime.spi.ModuleNode;
import io.jprune.runtime.structure.ChannelPerturbation;
import io.jprune.runtime.structure.ModuleCall;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * One forward jprune runs itself, bound to the calling thread through {@link ForwardTracker}: it records what
 * every module of the model was given and returned, and perturbs one module's output when asked, so that the
 * app's own threads, which never see a session, neither see the perturbation nor pay for the recording.
 *
 * <p>The forward hooks must never throw into the app's code, and the gate's bookkeeping must run whatever
 * happens here: a failure is kept and reported by {@link #calls()} instead.
 */
public final class TraceSession {
    /** A forward on the stack that is no module of this model (another model's, or a helper class's). */
    private static final float[] NOT_RECORDED = new float[0];

    private final Map<Object, String> names;
    private final ActivationForm form;
    private final ChannelPerturbation perturbation;
    private final boolean recording;
    private final boolean isolated;
    private final List<Object> modules = new ArrayList<>();
    private final List<float[]> inputs = new ArrayList<>();
    private final List<ModuleCall> calls = new ArrayList<>();
    private RuntimeException failure;

    private TraceSession(Map<Object, String> names, ActivationForm form, ChannelPerturbation perturbation,
                         boolean recording, boolean isolated) {
        this.names = names;
        this.form = form;
        this.perturbation = perturbation;
        this.recording = recording;
        this.isolated = isolated;
    }

    /**
     * A session recording every module forward of {@code tree}, reading values in {@code form}, applying
     * {@code perturbation} if not null.
     */
    public static TraceSession recording(ModuleNode tree, ActivationForm form, ChannelPerturbation perturbation) {
        Map<Object, String> names = new IdentityHashMap<>();
        for (ModuleNode node : tree.namedModules()) {
            Object module = node.module();
            if (module != null) {
                names.putIfAbsent(module, node.name());
            }
        }
        return new TraceSession(names, form, perturbation, true, false);
    }

    /** A session that records nothing: it only marks the forward as jprune's own, so it is not captured. */
    public static TraceSession silent() {
        return new TraceSession(Map.of(), ActivationForm.FLOAT_ARRAYS, null, false, false);
    }

    /**
     * A session for a private copy's forward: the hooks ignore every forward on the thread, so the copy's modules
     * are never taken for a model of the app and hold no model's gate.
     */
    static TraceSession isolated() {
        return new TraceSession(Map.of(), ActivationForm.FLOAT_ARRAYS, null, false, true);
    }

    /** Whether the hooks ignore the forwards of this session's thread. */
    boolean isIsolated() {
        return isolated;
    }

    /** A hooked forward starts on the session's thread. */
    public void enter(Object module, Object[] arguments) {
        if (!recording || failure != null) {
            return;
        }
        try {
            boolean known = names.containsKey(module);
            modules.add(module);
            inputs.add(known ? firstFloats(form, arguments) : NOT_RECORDED);
        } catch (RuntimeException | OutOfMemoryError e) {
            fail(e);
        }
    }

    /** A hooked forward ends on the session's thread; {@code returned} is what it returns to its caller. */
    public void exit(Object module, Object returned) {
        if (!recording || failure != null) {
            return;
        }
        try {
            int top = modules.size() - 1;
            if (top < 0 || modules.get(top) != module) {
                throw new IllegalStateException("forward hooks out of order at " + module.getClass().getName());
            }
            modules.remove(top);
            float[] input = inputs.remove(top);
            if (input == NOT_RECORDED) {
                return;
            }
            String name = names.get(module);
            float[] output = returned == null ? null : form.floats(returned);
            if (perturbation != null && perturbation.appliesTo(name)) {
                if (output == null) {
                    throw new IllegalStateException(name + " returns "
                            + (returned == null ? "nothing" : returned.getClass().getName())
                            + ", not a tensor whose channels can be perturbed");
                }
                perturbation.applyTo(output);
                form.writeFloats(returned, output);
            }
            calls.add(new ModuleCall(name, input, output == null ? null : output.clone()));
        } catch (RuntimeException | OutOfMemoryError e) {
            fail(e);
        }
    }

    /**
     * The module forwards in the order they returned.
     *
     * @throws IllegalStateException when recording failed, so that a broken trace is never analysed
     */
    public List<ModuleCall> calls() {
        if (failure != null) {
            throw new IllegalStateException("recording the forward failed: " + failure, failure);
        }
        return calls;
    }

    private void fail(Throwable e) {
        failure = e instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.toString(), e);
    }

    private static float[] firstFloats(ActivationForm form, Object[] arguments) {
        if (arguments != null) {
            for (Object argument : arguments) {
                float[] values = argument == null ? null : form.floats(argument);
                if (values != null) {
                    return values.clone();
                }
            }
        }
        return null;
    }
}
