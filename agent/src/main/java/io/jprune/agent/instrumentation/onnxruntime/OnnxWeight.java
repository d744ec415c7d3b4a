package io.jprune.agent.instrumentation.onnxruntime;

import java.util.BitSet;

/**
 * The app-side value of one parameter of an ONNX session: the model's own initializer (read from the model where it
 * came from when asked, so that jprune keeps no copy of it), or values jprune computed, in PyTorch's layout. Which
 * one the app runs with is decided by the session that holds it; identity matters, since {@code restore} gives back
 * the original object and a session holding only originals is the app's own.
 *
 * <p>Computed values that are the original's with some entries masked ({@code orig * mask}, what every pruning
 * method gives) are kept as one bit per entry, and computed again from the model when asked, so that a pruned model
 * costs the heap its masks, not a copy of its weights; other values are kept as given.
 */
final class OnnxWeight {
    private final SessionRecord session;
    private final OnnxParameter parameter;
    private final float[] values;
    /** For a masking of the original: the entries kept as they are; {@code null} otherwise. */
    private final BitSet kept;

    private OnnxWeight(SessionRecord session, OnnxParameter parameter, float[] values, BitSet kept) {
        this.session = session;
        this.parameter = parameter;
        this.values = values;
        this.kept = kept;
    }

    /** The model's own value of {@code parameter}, read from the model on demand. */
    static OnnxWeight original(SessionRecord session, OnnxParameter parameter) {
        return new OnnxWeight(session, parameter, null, null);
    }

    /**
     * Values jprune computed for {@code parameter} of {@code session}, in PyTorch's layout: kept as a bit per entry
     * when each is the original's or the original's times zero, else kept as given, never copied.
     */
    static OnnxWeight computed(SessionRecord session, OnnxParameter parameter, float[] values) {
        float[] original = session.readModel().values(parameter);
        if (original.length != values.length) {
            return new OnnxWeight(null, parameter, values, null);
        }
        BitSet kept = new BitSet(values.length);
        for (int i = 0; i < values.length; i++) {
            int bits = Float.floatToRawIntBits(values[i]);
            if (bits == Float.floatToRawIntBits(original[i])) {
                kept.set(i);
            } else if (bits != Float.floatToRawIntBits(original[i] * 0f)) {
                return new OnnxWeight(null, parameter, values, null);
            }
        }
        return new OnnxWeight(session, parameter, null, kept);
    }

    /**
     * Values kept as given, never copied, for a parameter in the shape they have: a compacted parameter's (smaller
     * than the model's initializer) or a private copy's experiment.
     */
    static OnnxWeight compacted(OnnxParameter shaped, float[] values) {
        return new OnnxWeight(null, shaped, values, null);
    }

    /** The parameter in the shape these values have (after compaction, a smaller one). */
    OnnxParameter parameter() {
        return parameter;
    }

    /** Whether this is the model's own value. */
    boolean isOriginal() {
        return values == null && kept == null;
    }

    /** The values in PyTorch's layout, in a new array the caller may keep. */
    float[] values() {
        if (values != null) {
            return values.clone();
        }
        float[] computed = session.readModel().values(parameter);
        if (kept != null) {
            for (int i = kept.nextClearBit(0); i < computed.length; i = kept.nextClearBit(i + 1)) {
                computed[i] *= 0f;
            }
        }
        return computed;
    }
}
