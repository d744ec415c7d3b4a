package io.jprune.runtime.structure;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The unperturbed traces, one per captured input, that every perturbed trace is compared with. Input 0 is
 * traced twice first: a forward that does not repeat bit for bit (random dropout, racing threads) would make
 * every comparison meaningless, so such a model is refused as a whole.
 */
final class Baselines {
    private final List<ForwardTrace> traces;

    private Baselines(List<ForwardTrace> traces) {
        this.traces = List.copyOf(traces);
    }

    /** Traces every captured input. */
    static Baselines record(ForwardTracer tracer) {
        int count = tracer.inputCount();
        if (count < 1) {
            throw new TraceProblem(tracer.noInputReason());
        }
        List<ForwardTrace> traces = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            traces.add(traceOrExplain(tracer, i));
        }
        ForwardTrace again = traceOrExplain(tracer, 0);
        String difference = difference(traces.get(0), again);
        if (difference != null) {
            throw new TraceProblem("the forward does not repeat exactly on the same input (" + difference
                    + "), so perturbations cannot show where channels go");
        }
        return new Baselines(traces);
    }

    private static ForwardTrace traceOrExplain(ForwardTracer tracer, int input) {
        try {
            return tracer.trace(input, null);
        } catch (RuntimeException e) {
            throw new TraceProblem("tracing captured input " + input + " failed: " + e);
        }
    }

    /** What differs between two traces of the same input, or {@code null} when nothing does. */
    static String difference(ForwardTrace a, ForwardTrace b) {
        String layout = layoutDifference(a, b);
        if (layout != null) {
            return layout;
        }
        for (int k = 0; k < a.size(); k++) {
            ModuleCall x = a.call(k);
            ModuleCall y = b.call(k);
            if (!Arrays.equals(x.input(), y.input()) || !Arrays.equals(x.output(), y.output())) {
                return "the values of " + describe(x) + " differ";
            }
        }
        return null;
    }

    /** Whether two traces ran the same modules in the same order on arrays of the same lengths; else what differs. */
    static String layoutDifference(ForwardTrace a, ForwardTrace b) {
        if (a.size() != b.size()) {
            return a.size() + " module forwards against " + b.size();
        }
        for (int k = 0; k < a.size(); k++) {
            ModuleCall x = a.call(k);
            ModuleCall y = b.call(k);
            if (!x.module().equals(y.module()) || x.inputLength() != y.inputLength()
                    || x.outputLength() != y.outputLength()) {
                return "forward " + k + " is " + describe(x) + " against " + describe(y);
            }
        }
        return null;
    }

    private static String describe(ModuleCall call) {
        return (call.module().isEmpty() ? "the root" : call.module()) + " (" + call.inputLength() + " -> "
                + call.outputLength() + " values)";
    }

    /** The trace of captured input 0, the one perturbations are run on. */
    ForwardTrace first() {
        return traces.get(0);
    }

    List<ForwardTrace> all() {
        return traces;
    }

    int count() {
        return traces.size();
    }

    /** How many of the captured inputs differ from each other (the app may well send the same one twice). */
    int distinctInputs() {
        List<float[]> distinct = new ArrayList<>();
        for (ForwardTrace trace : traces) {
            float[] input = trace.root().input();
            boolean seen = false;
            for (float[] other : distinct) {
                seen |= Arrays.equals(other, input);
            }
            if (!seen) {
                distinct.add(input);
            }
        }
        return distinct.size();
    }

    /**
     * The largest finite magnitude anywhere in the first trace. A perturbation several times larger is
     * positive after adding anything the model adds to it, so it passes ReLU and wins every max-pool.
     */
    float scale() {
        float max = 0f;
        for (ModuleCall call : first().calls()) {
            max = Math.max(max, maxAbs(call.input()));
            max = Math.max(max, maxAbs(call.output()));
        }
        return max;
    }

    private static float maxAbs(float[] values) {
        float max = 0f;
        if (values != null) {
            for (float v : values) {
                if (Float.isFinite(v)) {
                    max = Math.max(max, Math.abs(v));
                }
            }
        }
        return max;
    }
}
