package io.jprune.runtime.model;

import io.jprune.runtime.spi.DiscoveredModel;
import io.jprune.runtime.spi.ModelDiscovery;
import io.jprune.runtime.spi.ModuleNode;
import io.jprune.runtime.spi.ParameterHandle;
import io.jprune.runtime.tensor.Shape;
import java.util.ArrayList;
import java.util.List;

/**
 * Tiny app objects and the discovery that reads them, standing in for a framework adapter: a {@link Layer}
 * holds a weight, a {@link Net} holds layers, a {@link Pipeline} holds nothing prunable.
 */
public final class TestModules {
    private TestModules() {
    }

    public static class Layer {
        final float[] weight;

        public Layer(float... weight) {
            this.weight = weight;
        }
    }

    public static class Net {
        public final List<Layer> layers = new ArrayList<>();

        public Net(Layer... layers) {
            this.layers.addAll(List.of(layers));
        }
    }

    public static class Pipeline {
    }

    /** Reads the objects above; a Pipeline has no parameters and so is no model. */
    public static final ModelDiscovery DISCOVERY = root -> {
        if (root instanceof Layer layer) {
            return DiscoveredModel.of(layerNode("", layer));
        }
        if (root instanceof Net net) {
            List<ModuleNode> children = new ArrayList<>();
            for (int i = 0; i < net.layers.size(); i++) {
                children.add(layerNode("layers." + i, net.layers.get(i)));
            }
            return DiscoveredModel.of(new ModuleNode("", net, "Net", "Net", List.of(), children));
        }
        return null;
    };

    private static ModuleNode layerNode(String name, Layer layer) {
        ParameterHandle weight = new ArrayHandle("weight", Shape.of(layer.weight.length), layer.weight);
        return new ModuleNode(name, layer, "Layer", "Layer()", List.of(weight), List.of());
    }

    /** A listener that remembers what it was told. */
    public static final class RecordingListener implements ModelRegistry.Listener {
        public final List<String> events = new ArrayList<>();

        @Override
        public synchronized void modelRegistered(Model model) {
            events.add("+" + model.name());
        }

        @Override
        public synchronized void modelUnregistered(Model model) {
            events.add("-" + model.name());
        }

        public synchronized List<String> events() {
            return List.copyOf(events);
        }
    }
}
