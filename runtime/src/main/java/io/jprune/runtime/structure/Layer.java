package io.jprune.runtime.structure;

import io.jprune.kernels.BitMask;
import io.jprune.runtime.tensor.Shape;
import java.util.Objects;

/**
 * What the structure analysis must know about one layer it may shrink: a module whose weight is laid out
 * as PyTorch's conv and linear weights are, {@code [out, in, kernel...]}, so that output channel c is row c
 * and input channel j is the j-th slice of every row. Immutable; each {@code with...} returns a new layer.
 *
 * <p>The values are the ones the app computes with now: for a pruned weight, {@code weight_orig * weight_mask}.
 * Compaction slices and folds these, which is why the compacted model reproduces the masked one. Arrays are
 * taken without a copy, since they may be large: callers must not write them afterwards.
 */
public final class Layer {
    private final String name;
    private final Shape weightShape;
    private final float[] weight;
    private final BitMask weightMask;
    private final float[] bias;
    private final String outDimFixed;
    private final String inDimFixed;

    private Layer(String name, Shape weightShape, float[] weight, BitMask weightMask, float[] bias,
                  String outDimFixed, String inDimFixed) {
        this.name = name;
        this.weightShape = weightShape;
        this.weight = weight;
        this.weightMask = weightMask;
        this.bias = bias;
        this.outDimFixed = outDimFixed;
        this.inDimFixed = inDimFixed;
    }

    /**
     * A layer without bias, unpruned, whose dims can both be changed.
     *
     * @param name        qualified module name, as the tracer records it
     * @param weightShape {@code [out, in, kernel...]}, at least 2 dims
     * @param weight      the effective weight values, row-major
     */
    public static Layer of(String name, Shape weightShape, float[] weight) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(weightShape, "weightShape");
        Objects.requireNonNull(weight, "weight");
        if (weightShape.dim() < 2) {
            throw new IllegalArgumentException(name + ": a layer's weight has at least 2 dims [out, in, ...], got "
                    + weightShape);
        }
        if (weight.length != weightShape.numel()) {
            throw new IllegalArgumentException(name + ": weight has " + weight.length + " values but " + weightShape
                    + " holds " + weightShape.numel());
        }
        if (weightShape.size(0) == 0 || weightShape.size(1) == 0) {
            throw new IllegalArgumentException(name + ": a layer needs at least one input and one output, got "
                    + weightShape);
        }
        return new Layer(name, weightShape, weight, null, null, null, null);
    }

    /** The weight's mask ({@code weight_mask}); entirely pruned rows are what compaction removes. */
    public Layer withWeightMask(BitMask mask) {
        Objects.requireNonNull(mask, "mask");
        if (mask.size() != weight.length) {
            throw new IllegalArgumentException(name + ": mask has " + mask.size() + " elements, weight "
                    + weight.length);
        }
        return new Layer(name, weightShape, weight, mask.copy(), bias, outDimFixed, inDimFixed);
    }

    /** The effective bias, one value per output channel; without one, a removed input's constant cannot be absorbed. */
    public Layer withBias(float[] values) {
        Objects.requireNonNull(values, "bias");
        if (values.length != outChannels()) {
            throw new IllegalArgumentException(name + ": bias has " + values.length + " values for " + outChannels()
                    + " output channels");
        }
        return new Layer(name, weightShape, weight, weightMask, values, outDimFixed, inDimFixed);
    }

    /** Marks the output dim as unchangeable (e.g. no int field holds it), with the reason people will read. */
    public Layer withFixedOutDim(String reason) {
        return new Layer(name, weightShape, weight, weightMask, bias, Objects.requireNonNull(reason, "reason"),
                inDimFixed);
    }

    /** Marks the input dim as unchangeable, with the reason people will read. */
    public Layer withFixedInDim(String reason) {
        return new Layer(name, weightShape, weight, weightMask, bias, outDimFixed,
                Objects.requireNonNull(reason, "reason"));
    }

    /** Qualified module name. */
    public String name() {
        return name;
    }

    /** {@code [out, in, kernel...]}. */
    public Shape weightShape() {
        return weightShape;
    }

    /** The effective weight, shared: callers must not write it. */
    public float[] weight() {
        return weight;
    }

    /** A copy of the weight mask, or {@code null} when the weight is not pruned. */
    public BitMask weightMask() {
        return weightMask == null ? null : weightMask.copy();
    }

    BitMask weightMaskView() {
        return weightMask;
    }

    /** The effective bias, shared (callers must not write it), or {@code null} when the layer has none. */
    public float[] bias() {
        return bias;
    }

    /** Whether the layer has a bias to absorb removed inputs' constants. */
    public boolean hasBias() {
        return bias != null;
    }

    /** Dim 0 of the weight. */
    public int outChannels() {
        return weightShape.size(0);
    }

    /** Dim 1 of the weight. */
    public int inChannels() {
        return weightShape.size(1);
    }

    /** The number of weights per (output, input) channel pair: {@code k*k} for a conv, 1 for a linear layer. */
    public int kernelSize() {
        return weight.length / (outChannels() * inChannels());
    }

    /** Why the output dim cannot change, or {@code null} when it can. */
    public String outDimFixed() {
        return outDimFixed;
    }

    /** Why the input dim cannot change, or {@code null} when it can. */
    public String inDimFixed() {
        return inDimFixed;
    }

    /** Whether the mask prunes every weight of output channel {@code c}. */
    boolean outputPruned(int c) {
        if (weightMask == null) {
            return false;
        }
        int row = inChannels() * kernelSize();
        for (int i = c * row, end = i + row; i < end; i++) {
            if (weightMask.get(i)) {
                return false;
            }
        }
        return true;
    }

    /** Whether the mask prunes input channel {@code j} in every output channel, so the layer ignores that input. */
    boolean inputPruned(int j) {
        if (weightMask == null) {
            return false;
        }
        int k = kernelSize();
        for (int o = 0; o < outChannels(); o++) {
            int start = (o * inChannels() + j) * k;
            for (int i = start; i < start + k; i++) {
                if (weightMask.get(i)) {
                    return false;
                }
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return "Layer[" + name + " " + weightShape + (bias != null ? " + bias" : "")
                + (weightMask != null ? ", " + weightMask.zeros() + " pruned" : "") + "]";
    }
}
