package io.jprune.runtime.spi.maptensors;

import io.jprune.runtime.spi.DiscoveredModel;
import io.jprune.runtime.spi.ModelDiscovery;
import io.jprune.runtime.spi.ModuleNode;
import io.jprune.runtime.spi.ParameterHandle;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * The test adapter's discovery, written only against the SPI: a {@link MapMlp} is a model with modules
 * {@code fc1} and {@code fc2}, whose parameters are its map's entries; the other objects are not models.
 */
final class MapTensorsDiscovery implements ModelDiscovery {
    /** The installer of every model found, by app; for tests. */
    final Map<MapMlp, OneActInstaller> installers = Collections.synchronizedMap(new WeakHashMap<>());

    @Override
    public DiscoveredModel discover(Object root) {
        if (!(root instanceof MapMlp mlp)) {
            return null;
        }
        List<ModuleNode> children = new ArrayList<>();
        children.add(linear(mlp, "fc1", mlp.fc1));
        children.add(linear(mlp, "fc2", mlp.fc2));
        ModuleNode tree = new ModuleNode("", mlp, "MapMlp", "MapMlp(\n  (fc1): " + children.get(0).repr()
                + "\n  (fc2): " + children.get(1).repr() + "\n)", List.of(), children, List.of(),
                (module, arguments) -> ((MapMlp) module).forward((Activation) arguments[0]));
        OneActInstaller installer = new OneActInstaller(mlp);
        installers.put(mlp, installer);
        return new DiscoveredModel(tree, installer, new ActivationsForm());
    }

    private static ModuleNode linear(MapMlp mlp, String name, Object module) {
        OffHeapTensor weight = mlp.weights.get(name + ".weight");
        int[] dims = weight.shape().dims();
        List<ParameterHandle> parameters = List.of(
                new TensorHandle(mlp, name + ".weight", "weight", weight.shape()),
                new TensorHandle(mlp, name + ".bias", "bias", mlp.weights.get(name + ".bias").shape()));
        return new ModuleNode(name, module, "Linear", "Linear(in_features=" + dims[1] + ", out_features=" + dims[0]
                + ", bias=True)", parameters, List.of());
    }
}
