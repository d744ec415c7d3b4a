package io.jprune.runtime.spi;

/**
 * The form in which an app holds a tensor (a flat {@code float[]}, nested {@code float[][]} rows, a
 * framework's own object) and its translation to and from the flat row-major floats the kernels compute on.
 * A {@link PrunedParameter} keeps {@code weight_orig} and the masked weight in the app's form and flattens them
 * only when they are read again (a listing, the next prune): the app already holds the original in that form
 * and reads the masked weight in it, so a parameter whose form is not flat costs one extra copy and the
 * mask, as a flat one does, instead of two more flat copies.
 */
public interface TensorForm {

    /** An app that holds the flat array itself: both translations are the identity. */
    TensorForm FLAT = new TensorForm() {
        @Override
        public float[] values(Object appValue) {
            return (float[]) appValue;
        }

        @Override
        public Object toAppValue(float[] values) {
            return values;
        }
    };

    /**
     * The flat row-major values of a value in this form. For an app that keeps its weights in a flat
     * {@code float[]} this is that array itself, never a copy, so that {@code weight_orig} is the app's own
     * array; for any other form it is a new array the caller may keep.
     */
    float[] values(Object appValue);

    /** Wraps values computed by jprune into the form the app reads (for a flat array, itself). */
    Object toAppValue(float[] values);
}
