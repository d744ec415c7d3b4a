package io.jprune.runtime.jmx;

import java.util.Arrays;
import javax.management.ConstructorParameters;

/**
 * One row of {@code namedParameters()} or {@code namedBuffers()}; a JMX console receives it as
 * {@code CompositeData} with the items {@code name}, {@code shape}, {@code shapeText}, {@code numel} and
 * {@code zeros}.
 */
public final class TensorInfo {
    private final String name;
    private final int[] shape;
    private final long numel;
    private final long zeros;

    /**
     * @param name  name relative to the module asked about, e.g. {@code conv1.weight_orig}
     * @param shape dims, e.g. {@code [6, 1, 3, 3]}
     * @param numel number of elements
     * @param zeros number of elements equal to zero
     */
    @ConstructorParameters({"name", "shape", "numel", "zeros"})
    public TensorInfo(String name, int[] shape, long numel, long zeros) {
        this.name = name;
        this.shape = shape.clone();
        this.numel = numel;
        this.zeros = zeros;
    }

    /** The name as PyTorch lists it relative to the module asked about. */
    public String getName() {
        return name;
    }

    /** The dims, as PyTorch's {@code tensor.shape}. */
    public int[] getShape() {
        return shape.clone();
    }

    /**
     * The dims as text, {@code [6, 1, 3, 3]}: a JMX console shows {@link #getShape()} as an array to open, this at
     * a glance.
     */
    public String getShapeText() {
        return Arrays.toString(shape);
    }

    /** {@code tensor.numel()}. */
    public long getNumel() {
        return numel;
    }

    /** How many elements are zero: for a mask, how many are pruned. */
    public long getZeros() {
        return zeros;
    }

    @Override
    public String toString() {
        return name + " " + Arrays.toString(shape) + " (" + zeros + " of " + numel + " zero)";
    }
}
