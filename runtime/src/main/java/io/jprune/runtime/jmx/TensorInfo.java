package io.jprune.runtime.jmx;

import java.util.Arrays;
import javax.management.ConstructorParameters;

/**
 * One row of {@code namedParameters()} or {@code namedBuffers()}; a JMX console receives it as
 * {@code CompositeData} with the items {@code name}, {@code otherName}, {@code shape}, {@code shapeText},
 * {@code numel} and {@code zeros}.
 */
public final class TensorInfo {
    private final String name;
    private final int[] shape;
    private final long numel;
    private final long zeros;
    private final String otherName;

    /**
     * A tensor the framework knows by its qualified name only.
     *
     * @param name  name relative to the module asked about, e.g. {@code conv1.weight_orig}
     * @param shape dims, e.g. {@code [6, 1, 3, 3]}
     * @param numel number of elements
     * @param zeros number of elements equal to zero
     */
    public TensorInfo(String name, int[] shape, long numel, long zeros) {
        this(name, shape, numel, zeros, "");
    }

    /**
     * @param name      name relative to the module asked about, e.g. {@code conv1.weight_orig}
     * @param shape     dims, e.g. {@code [6, 1, 3, 3]}
     * @param numel     number of elements
     * @param zeros     number of elements equal to zero
     * @param otherName the framework's own name for the parameter when it differs (an ONNX initializer's
     *                  {@code onnx::MatMul_787}), else {@code ""}
     */
    @ConstructorParameters({"name", "shape", "numel", "zeros", "otherName"})
    public TensorInfo(String name, int[] shape, long numel, long zeros, String otherName) {
        this.name = name;
        this.shape = shape.clone();
        this.numel = numel;
        this.zeros = zeros;
        this.otherName = otherName == null ? "" : otherName;
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

    /**
     * The framework's own name for this parameter when it differs ({@code onnx::MatMul_787}), else {@code ""}:
     * either name is accepted, and this one is what the framework's own tools show.
     */
    public String getOtherName() {
        return otherName;
    }

    @Override
    public String toString() {
        return name + " " + Arrays.toString(shape) + " (" + zeros + " of " + numel + " zero)";
    }
}
