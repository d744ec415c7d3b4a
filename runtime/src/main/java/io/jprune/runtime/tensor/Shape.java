package io.jprune.runtime.tensor;

import java.util.Arrays;

/**
 * The dims of a row-major tensor, printed as PyTorch prints them ({@code torch.Size([6, 1, 3, 3])}) so that
 * error messages read exactly like PyTorch's. Immutable; weights themselves stay plain {@code float[]}.
 */
public final class Shape {
    private final int[] dims;
    private final int numel;

    private Shape(int[] dims, int numel) {
        this.dims = dims;
        this.numel = numel;
    }

    /**
     * A shape from its dims, outermost first; no dims is a scalar.
     *
     * @throws IllegalArgumentException if a dim is negative or the tensor would hold more elements than a
     *     Java array can
     */
    public static Shape of(int... dims) {
        long numel = 1;
        for (int d : dims) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension " + d + " in " + Arrays.toString(dims));
            }
            numel *= d;
            if (numel > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("a tensor of shape " + Arrays.toString(dims)
                        + " has more elements than a Java array can hold");
            }
        }
        return new Shape(dims.clone(), (int) numel);
    }

    /** The dims, as a copy the caller may change. */
    public int[] dims() {
        return dims.clone();
    }

    /** The number of dims, PyTorch's {@code t.dim()}. */
    public int dim() {
        return dims.length;
    }

    /** The extent of dim {@code d} (already normalised, {@code 0 <= d < dim()}). */
    public int size(int d) {
        return dims[d];
    }

    /** The number of elements, PyTorch's {@code t.numel()}. */
    public int numel() {
        return numel;
    }

    /**
     * Counts a negative dim from the end, as PyTorch does ({@code -1} is the last dim). The result is not
     * checked, because PyTorch reports a dim out of range with different messages in different places, and
     * callers give the one that belongs to theirs.
     */
    public int normalizeDim(int dim) {
        return dim < 0 ? dim + dims.length : dim;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Shape && Arrays.equals(((Shape) o).dims, dims);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(dims);
    }

    /** PyTorch's {@code repr(t.shape)}, e.g. {@code torch.Size([2, 3])}, as it appears in its error messages. */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("torch.Size([");
        for (int i = 0; i < dims.length; i++) {
            if (i > 0) {
                text.append(", ");
            }
            text.append(dims[i]);
        }
        return text.append("])").toString();
    }
}
