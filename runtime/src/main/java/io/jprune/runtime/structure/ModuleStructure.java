package io.jprune.runtime.structure;

import java.util.Arrays;
import javax.management.ConstructorParameters;

/**
 * One layer's row of the structure report: its shape now and after compaction, the channels the masks cut
 * and those compaction removes, and what it costs before and after. Plain getters, so that a JMX console
 * receives it as {@code CompositeData} and tools read it without parsing text.
 */
public final class ModuleStructure {
    private final String name;
    private final int[] shape;
    private final int[] compactedShape;
    private final int[] prunedOutputs;
    private final int[] removedOutputs;
    private final int[] deadInputs;
    private final int[] removedInputs;
    private final long macs;
    private final long compactedMacs;
    private final long parameters;
    private final long compactedParameters;
    private final String[] notes;

    /**
     * @param name                qualified module name
     * @param shape               the weight's shape now, {@code [out, in, kernel...]}
     * @param compactedShape      the weight's shape after compaction
     * @param prunedOutputs       output channels whose weights the mask prunes entirely
     * @param removedOutputs      output channels compaction removes
     * @param deadInputs          input channels fed only by pruned channels, or whose weights are all pruned
     * @param removedInputs       input channels compaction removes
     * @param macs                multiply-accumulates per forward now (dense, as the app computes them)
     * @param compactedMacs       multiply-accumulates per forward after compaction
     * @param parameters          weight and bias values now
     * @param compactedParameters weight and bias values after compaction
     * @param notes               why pruned channels stay masked, for people
     */
    @ConstructorParameters({"name", "shape", "compactedShape", "prunedOutputs", "removedOutputs", "deadInputs",
        "removedInputs", "macs", "compactedMacs", "parameters", "compactedParameters", "notes"})
    public ModuleStructure(String name, int[] shape, int[] compactedShape, int[] prunedOutputs, int[] removedOutputs,
                           int[] deadInputs, int[] removedInputs, long macs, long compactedMacs, long parameters,
                           long compactedParameters, String[] notes) {
        this.name = name;
        this.shape = shape.clone();
        this.compactedShape = compactedShape.clone();
        this.prunedOutputs = prunedOutputs.clone();
        this.removedOutputs = removedOutputs.clone();
        this.deadInputs = deadInputs.clone();
        this.removedInputs = removedInputs.clone();
        this.macs = macs;
        this.compactedMacs = compactedMacs;
        this.parameters = parameters;
        this.compactedParameters = compactedParameters;
        this.notes = notes.clone();
    }

    /** Qualified module name, as in {@code named_modules()}. */
    public String getName() {
        return name;
    }

    /** The weight's shape now. */
    public int[] getShape() {
        return shape.clone();
    }

    /** The weight's shape after compaction; equal to {@link #getShape()} when nothing is removed. */
    public int[] getCompactedShape() {
        return compactedShape.clone();
    }

    /** Output channels the mask prunes entirely: the answer to "which channels did I cut?". */
    public int[] getPrunedOutputs() {
        return prunedOutputs.clone();
    }

    /** Output channels compaction removes; pruned ones missing here are explained in {@link #getNotes()}. */
    public int[] getRemovedOutputs() {
        return removedOutputs.clone();
    }

    /** Input channels (features, for a linear layer) that carry nothing useful because of pruning. */
    public int[] getDeadInputs() {
        return deadInputs.clone();
    }

    /** Input channels compaction removes. */
    public int[] getRemovedInputs() {
        return removedInputs.clone();
    }

    /** Multiply-accumulates per forward now; 0 when the traced forward did not run the layer. */
    public long getMacs() {
        return macs;
    }

    /** Multiply-accumulates per forward after compaction. */
    public long getCompactedMacs() {
        return compactedMacs;
    }

    /** Weight and bias values now. */
    public long getParameters() {
        return parameters;
    }

    /** Weight and bias values after compaction. */
    public long getCompactedParameters() {
        return compactedParameters;
    }

    /** Why pruned channels stay masked, one line each. */
    public String[] getNotes() {
        return notes.clone();
    }

    @Override
    public String toString() {
        return name + " " + Arrays.toString(shape) + " -> " + Arrays.toString(compactedShape);
    }
}
