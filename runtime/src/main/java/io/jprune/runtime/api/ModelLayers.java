package io.jprune.runtime.api;

import io.jprune.runtime.model.Model;
import io.jprune.runtime.model.ModelState;
import io.jprune.runtime.model.ParameterSlot;
import io.jprune.runtime.model.ParameterState;
import io.jprune.runtime.spi.DimHandle;
import io.jprune.runtime.spi.ModuleNode;
import io.jprune.runtime.spi.ParameterHandle;
import io.jprune.runtime.structure.Layer;
import io.jprune.runtime.structure.StructureAnalysis;
import io.jprune.runtime.tensor.Shape;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The modules of a model as the structure analysis must see them, read from one generation: every module
 * whose own parameters are one weight of 2 or more dims and at most a bias of one value per output channel
 * is a {@link Layer}, with the values the app computes with in that generation (for a pruned weight
 * {@code weight_orig * weight_mask}) and its mask; any other module holding parameters is fixed, so that no
 * channel reaching it is removed. A dim stays fixed, with the reason people will read, when no int field of the
 * module holds it or the adapter cannot reshape the arrays; such modules stay masked, never half-compacted.
 */
final class ModelLayers {

    /** Where one layer's weight, bias and int dims live in the app, for installing its compaction. */
    record Parts(ModuleNode node, ParameterSlot weight, ParameterSlot bias, List<DimHandle> outDims,
                 List<DimHandle> inDims) {
    }

    private final List<Layer> layers;
    private final List<String> fixedModules;
    private final Map<String, Parts> parts;

    private ModelLayers(List<Layer> layers, List<String> fixedModules, Map<String, Parts> parts) {
        this.layers = List.copyOf(layers);
        this.fixedModules = List.copyOf(fixedModules);
        this.parts = Map.copyOf(parts);
    }

    /** The layers and fixed modules of {@code model} in generation {@code state}. */
    static ModelLayers of(Model model, ModelState state) {
        Map<String, ParameterSlot> slots = model.slotsIn(state);
        List<Layer> layers = new ArrayList<>();
        List<String> fixed = new ArrayList<>();
        Map<String, Parts> parts = new LinkedHashMap<>();
        for (ModuleNode node : model.tree().namedModules()) {
            List<ParameterSlot> own = new ArrayList<>();
            for (ParameterHandle handle : node.parameters()) {
                ParameterSlot slot = slots.get(node.qualify(handle.name()));
                if (slot != null && slot.module() == node) {
                    own.add(slot);
                }
            }
            if (own.isEmpty()) {
                continue;
            }
            Parts layer = layerParts(node, own);
            if (layer == null) {
                fixed.add(node.name());
                continue;
            }
            layers.add(describe(model, state, layer));
            parts.put(node.name(), layer);
        }
        return new ModelLayers(layers, fixed, parts);
    }

    /** The analysis of these layers. */
    StructureAnalysis analysis() {
        return StructureAnalysis.of(layers).withFixedModules(fixedModules);
    }

    /** Where the parts of layer {@code module} live. */
    Parts parts(String module) {
        return parts.get(module);
    }

    /** The weight and bias of a layer-like module, or {@code null} when its parameters are anything else. */
    private static Parts layerParts(ModuleNode node, List<ParameterSlot> own) {
        ParameterSlot weight = null;
        ParameterSlot bias = null;
        for (ParameterSlot slot : own) {
            if (slot.handle().shape().dim() >= 2) {
                if (weight != null) {
                    return null;
                }
                weight = slot;
            } else if (bias == null && slot.handle().name().toLowerCase(Locale.ROOT).contains("bias")) {
                bias = slot;
            } else {
                return null;
            }
        }
        if (weight == null || weight.handle().shape().size(0) == 0 || weight.handle().shape().size(1) == 0
                || bias != null && bias.handle().shape().numel() != weight.handle().shape().size(0)) {
            return null;
        }
        List<DimHandle> out = new ArrayList<>();
        List<DimHandle> in = new ArrayList<>();
        for (DimHandle dim : node.dims()) {
            if (dim.dim() == 0) {
                out.add(dim);
            } else if (dim.dim() == 1) {
                in.add(dim);
            }
        }
        return new Parts(node, weight, bias, out, in);
    }

    private static Layer describe(Model model, ModelState state, Parts parts) {
        ParameterSlot weight = parts.weight();
        Shape shape = weight.handle().shape();
        String name = parts.node().name();
        Layer layer = Layer.of(name, shape, values(model, state, weight));
        ParameterState weightState = state.get(weight.qualifiedName());
        if (weightState != null && weightState.isPruned()) {
            layer = layer.withWeightMask(weightState.pruned().mask());
        }
        if (parts.bias() != null) {
            layer = layer.withBias(values(model, state, parts.bias()));
        }
        String reshape = !weight.handle().canReshape() ? weight.qualifiedName()
                : parts.bias() != null && !parts.bias().handle().canReshape() ? parts.bias().qualifiedName() : null;
        if (reshape != null) {
            String reason = "jprune cannot give " + reshape + " another shape in this app";
            return layer.withFixedOutDim(reason).withFixedInDim(reason);
        }
        String out = dimProblem(parts.outDims(), shape.size(0), "output");
        String in = dimProblem(parts.inDims(), shape.size(1), "input");
        if (out != null) {
            layer = layer.withFixedOutDim(out);
        }
        return in == null ? layer : layer.withFixedInDim(in);
    }

    /** Why the int fields cannot carry a new size of this dim, or {@code null} when they can. */
    private static String dimProblem(List<DimHandle> fields, int size, String which) {
        if (fields.isEmpty()) {
            return "no int field of the module holds its " + which + " size, so its loops could not shrink";
        }
        for (DimHandle field : fields) {
            int value = field.read();
            if (value != size) {
                return "its int field " + field.name() + " holds " + value + ", not the weight's " + which + " size "
                        + size;
            }
        }
        return null;
    }

    private static float[] values(Model model, ModelState state, ParameterSlot slot) {
        ParameterState parameter = state.get(slot.qualifiedName());
        if (parameter != null && parameter.isPruned()) {
            return parameter.pruned().weight();
        }
        Object value = parameter != null ? parameter.original() : slot.handle().read();
        if (value == null) {
            throw new IllegalStateException("model " + model.name() + " is gone: the app no longer holds it");
        }
        return slot.handle().values(value);
    }
}
