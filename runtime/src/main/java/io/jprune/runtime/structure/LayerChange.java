package io.jprune.runtime.structure;

import io.jprune.runtime.tensor.Shape;

/**
 * The new state of one layer after compaction: the arrays and dims to install, together and at once, and
 * which of the old channels they keep (so that masks, reports and a later restore can be related to them).
 * The arrays are fresh: none is one of the app's own, so the originals stay untouched for {@code restore}.
 */
public final class LayerChange {
    private final String module;
    private final Shape shape;
    private final Shape compactedShape;
    private final int[] keptOutputs;
    private final int[] keptInputs;
    private final float[] weight;
    private final float[] bias;

    LayerChange(String module, Shape shape, Shape compactedShape, int[] keptOutputs, int[] keptInputs,
                float[] weight, float[] bias) {
        this.module = module;
        this.shape = shape;
        this.compactedShape = compactedShape;
        this.keptOutputs = keptOutputs;
        this.keptInputs = keptInputs;
        this.weight = weight;
        this.bias = bias;
    }

    /** Qualified module name. */
    public String module() {
        return module;
    }

    /** The weight's shape before compaction. */
    public Shape shape() {
        return shape;
    }

    /** The weight's shape after compaction: {@code [outChannels(), inChannels(), kernel...]}. */
    public Shape compactedShape() {
        return compactedShape;
    }

    /** The new output dim, for the module's {@code outChannels} / {@code outFeatures} field. */
    public int outChannels() {
        return compactedShape.size(0);
    }

    /** The new input dim, for the module's {@code inChannels} / {@code inFeatures} field. */
    public int inChannels() {
        return compactedShape.size(1);
    }

    /** Whether the output dim changes. */
    public boolean changesOutChannels() {
        return compactedShape.size(0) != shape.size(0);
    }

    /** Whether the input dim changes. */
    public boolean changesInChannels() {
        return compactedShape.size(1) != shape.size(1);
    }

    /** The old output channels that remain, ascending; new channel i is old channel {@code keptOutputs()[i]}. */
    public int[] keptOutputs() {
        return keptOutputs.clone();
    }

    /** The old input channels that remain, ascending. */
    public int[] keptInputs() {
        return keptInputs.clone();
    }

    /** The old output channels removed, ascending. */
    public int[] removedOutputs() {
        return complement(keptOutputs, shape.size(0));
    }

    /** The old input channels removed, ascending. */
    public int[] removedInputs() {
        return complement(keptInputs, shape.size(1));
    }

    /** The compacted weight, row-major in {@link #compactedShape()}; shared, callers must not write it. */
    public float[] weight() {
        return weight;
    }

    /**
     * The compacted bias, with the constants of removed inputs folded in; {@code null} when the layer has no
     * bias. Shared, callers must not write it.
     */
    public float[] bias() {
        return bias;
    }

    private static int[] complement(int[] kept, int size) {
        int[] removed = new int[size - kept.length];
        int n = 0;
        int next = 0;
        for (int i = 0; i < size; i++) {
            if (next < kept.length && kept[next] == i) {
                next++;
            } else {
                removed[n++] = i;
            }
        }
        return removed;
    }

    @Override
    public String toString() {
        return module + ": " + shape + " -> " + compactedShape;
    }
}
