package io.jprune.runtime.spi;

/**
 * The form in which a model's forwards take and return values (a {@code float[]}, a framework's tensor, a map of
 * named tensors), and the few operations the engine needs on it. With it the engine keeps copies of the app's
 * first inputs, replays them through the app's own forward, reads what every module returned, perturbs one
 * channel of a module's output in place, and compares outputs: the ground of the structure analysis, of the
 * compaction check and of the {@code forward} inspection. An adapter that cannot offer these gives
 * {@link #unsupported(String)}, and those features are refused with its reason.
 *
 * <p>Values are read as flat row-major floats, channel-major ({@code [channels, rest]}), the layout of PyTorch's
 * {@code [C, H, W]} activations of one sample.
 */
public interface ActivationForm {

    /** Plain Java's form: {@code float[]} activations, boxed primitives passed through. */
    ActivationForm FLOAT_ARRAYS = new FloatArrayActivations();

    /** A form for an adapter that cannot copy or read its activations; {@code reason} tells a person why. */
    static ActivationForm unsupported(String reason) {
        return new UnsupportedActivations(reason);
    }

    /** What this form takes, for people: the end of "jprune replays only ..." in a refusal. */
    String description();

    /** Whether {@code value} (one argument of a forward, possibly {@code null}) can be copied and replayed. */
    boolean accepts(Object value);

    /** A copy of an accepted value that the app's code may write into without changing the original. */
    Object copy(Object value);

    /** The bytes a copy of an accepted value takes, so that the engine can bound what it keeps for the app. */
    long bytes(Object value);

    /**
     * The value's floats, flat and row-major, or {@code null} when it holds none (a primitive argument). May be
     * the value's own array: callers read it and give it back through {@link #writeFloats} only.
     */
    float[] floats(Object value);

    /** Writes {@code values} (as many as {@link #floats} gave) into {@code value} in place. */
    void writeFloats(Object value, float[] values);

    /**
     * A value of this form holding {@code values}, for the {@code forward} inspection that takes floats from a
     * person; {@code null} when the form cannot make one from floats alone.
     */
    default Object fromFloats(float[] values) {
        return null;
    }
}
