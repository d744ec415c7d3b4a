package io.jprune.runtime.reliability;

import io.jprune.kernels.cpu.CpuKernels;
import io.jprune.runtime.api.NamedTensor;
import io.jprune.runtime.api.NamedTensors;
import io.jprune.runtime.model.Model;
import io.jprune.runtime.spi.ModuleNode;
import io.jprune.runtime.tensor.Shape;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A root with three layers {@code a}, {@code b}, {@code c}, each with a 2x3 weight of distinct magnitudes. */
final class ThreeLayers {
    final Object root = new Object();
    final Field a;
    final Field b;
    final Field c;
    final Model model;

    ThreeLayers() {
        this(new Field("weight", Shape.of(2, 3), 1, -2, 3, -4, 5, -6),
                new Field("weight", Shape.of(2, 3), 0.5f, 7, -0.25f, 8, 9, -10),
                new Field("weight", Shape.of(2, 3), 11, -0.125f, 12, 13, -14, 15));
    }

    ThreeLayers(Field a, Field b, Field c) {
        this.a = a;
        this.b = b;
        this.c = c;
        ModuleNode tree = new ModuleNode("", root, "Net", "Net", List.of(), List.of(
                layer("a", a), layer("b", b), layer("c", c)));
        model = new Model("Net", root, tree);
    }

    private static ModuleNode layer(String name, Field weight) {
        return new ModuleNode(name, new Object(), "Linear", "Linear(in_features=3, out_features=2, bias=False)",
                List.of(weight), List.of());
    }

    /** The arrays the app's forward would read now. */
    List<float[]> fields() {
        return List.of(a.current(), b.current(), c.current());
    }

    /** Every tensor PyTorch would list, by name, with its values: what "the model is unchanged" compares. */
    Map<String, float[]> everyTensor() {
        NamedTensors tensors = new NamedTensors(model, new CpuKernels());
        Map<String, float[]> all = new LinkedHashMap<>();
        List<NamedTensor> listed = new ArrayList<>(tensors.parameters(""));
        listed.addAll(tensors.buffers(""));
        for (NamedTensor tensor : listed) {
            all.put(tensor.name(), tensor.values().clone());
        }
        for (String name : model.parameterNames()) {
            all.put(name + " (effective)", tensors.tensor(name).values().clone());
        }
        return all;
    }
}
