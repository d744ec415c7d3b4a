package io.jprune.agent.instrumentation.onnxruntime;

/**
 * The app-side value of one parameter of an ONNX session: the model's own initializer (read from the model where it
 * came from when asked, so that jprune keeps no copy of it), or values jprune computed, in PyTorch's layout. Which one the app
 * runs with is decided by the session that holds it; identity matters, since {@code restore} gives back the
 * original object and a session holding only originals is the app's own.
 */
final class OnnxWeight {
    private final SessionRecord session;
    private final OnnxParameter parameter;
    private final float[] values;

    private OnnxWeight(SessionRecord session, OnnxParameter parameter, float[] values) {
        this.session = session;
        this.parameter = parameter;
        this.values = values;
    }

    /** The model's own value of {@code parameter}, read from the model on demand. */
    static OnnxWeight original(SessionRecord session, OnnxParameter parameter) {
        return new OnnxWeight(session, parameter, null);
    }

    /** Values jprune computed for {@code parameter}, in PyTorch's layout; kept as given, never copied. */
    static OnnxWeight computed(OnnxParameter parameter, float[] values) {
        return new OnnxWeight(null, parameter, values);
    }

    /** The parameter in the shape these values have (after compaction, a smaller one). */
    OnnxParameter parameter() {
        return parameter;
    }

    /** Whether this is the model's own value. */
    boolean isOriginal() {
        return values == null;
    }

    /** The values in PyTorch's layout, in a new array the caller may keep. */
    float[] values() {
        return values != null ? values.clone() : session.readModel().values(parameter);
    }
}
