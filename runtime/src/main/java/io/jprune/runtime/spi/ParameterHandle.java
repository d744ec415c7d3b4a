package io.jprune.runtime.spi;

import io.jprune.runtime.tensor.Shape;

/**
 * How a framework adapter exposes one weight of the app to the engine. Plain Java arrays, DJL
 * parameters and ONNX initializers are all just handles, so that the engine never knows which
 * framework it serves.
 *
 * <p>Values travel as the app's own objects ({@link #read()} / {@link #write(Object)}) because
 * {@code restore} must put back the very object the app had, not a copy; {@link #values(Object)}
 * and {@link #toAppValue(float[])} translate between that object and the flat row-major floats the
 * engine computes on. Implementations must not keep the app's objects alive on their own behalf.
 */
public interface ParameterHandle extends TensorForm {

    /** The name PyTorch would give the tensor inside its module, e.g. {@code weight}. */
    String name();

    /**
     * The tensor's shape. Fixed for this handle: compaction, which changes the shape, works through a
     * {@link #reshaped} handle that the model's generation carries, so that listings, {@code tensor()} and later
     * prunes see the shape of the generation they read.
     */
    Shape shape();

    /**
     * The value the app holds right now, or {@code null} when the module that owns it is gone; identity
     * matters, as this object is what {@code restore} gives back.
     */
    Object read();

    /**
     * Puts a value into the app, where its next forward will read it. Called only by
     * {@link WeightInstaller#PER_REFERENCE}; an adapter with an installer of its own, which applies a generation in
     * its own way, may throw {@link UnsupportedOperationException} here.
     */
    void write(Object appValue);

    /**
     * Whether {@link #reshaped} works: an adapter whose app value carries no shape of its own (a flat array) can
     * take the same values in a smaller shape; one that cannot says no here, and compaction leaves the module
     * masked instead of failing half-way.
     */
    default boolean canReshape() {
        return false;
    }

    /**
     * The same app field seen with another shape of the same rank (after compaction removed channels): reads and
     * writes the same place; {@link #values} and {@link #toAppValue} work in the new shape.
     *
     * @throws UnsupportedOperationException when {@link #canReshape()} is false
     */
    default ParameterHandle reshaped(Shape newShape) {
        throw new UnsupportedOperationException(name() + ": this adapter cannot change a parameter's shape");
    }
}
