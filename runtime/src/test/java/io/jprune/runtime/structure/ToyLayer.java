package io.jprune.runtime.structure;

import io.jprune.kernels.BitMask;
import io.jprune.kernels.cpu.CpuKernels;
import io.jprune.runtime.prune.PrunedParameter;
import io.jprune.runtime.prune.PruningMethod;
import io.jprune.runtime.tensor.Shape;

/**
 * A layer of a toy model, with mutable fields read on every forward as the demo's layers do, so that
 * installing a {@link LayerChange} (new arrays and dims) shrinks the work exactly as the agent will by
 * reflection.
 */
abstract class ToyLayer {
    static final CpuKernels KERNELS = new CpuKernels();

    final String name;
    int inChannels;
    int outChannels;
    float[] weight;
    float[] bias;
    BitMask mask;
    private PrunedParameter pruned;

    ToyLayer(String name, int inChannels, int outChannels, float[] weight, float[] bias) {
        this.name = name;
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.weight = weight;
        this.bias = bias;
    }

    abstract int kernelSize();

    Shape weightShape() {
        int k = kernelSize();
        return k == 1 && !(this instanceof ToyConv2d) ? Shape.of(outChannels, inChannels)
                : Shape.of(outChannels, inChannels, (int) Math.sqrt(k), (int) Math.sqrt(k));
    }

    /** Prunes the weight with the real engine, keeping the original array untouched, as the agent does. */
    void prune(PruningMethod method) {
        pruned = pruned == null ? PrunedParameter.prune(weight, weightShape(), method, null, KERNELS)
                : pruned.prune(method, null, KERNELS);
        weight = pruned.weight();
        mask = pruned.mask();
    }

    /** What the structure analysis is told about this layer. */
    Layer describe() {
        Layer layer = Layer.of(name, weightShape(), weight);
        if (mask != null) {
            layer = layer.withWeightMask(mask);
        }
        return bias == null ? layer : layer.withBias(bias);
    }

    /** Installs a compaction, as the agent would: arrays and dims together. */
    void install(LayerChange change) {
        weight = change.weight();
        bias = change.bias();
        outChannels = change.outChannels();
        inChannels = change.inChannels();
        mask = null;
        pruned = null;
    }
}
