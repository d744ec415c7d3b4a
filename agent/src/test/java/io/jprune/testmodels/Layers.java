package io.jprune.testmodels;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Modules in an array, a List and a Map: PyTorch's ModuleList and ModuleDict. */
public class Layers {
    private final Dense[] blocks = {new Dense(2, 2), null, new Dense(2, 1)};
    private final List<Object> heads = List.of(new Dense(1, 1), "not a module");
    private final Map<String, Dense> named = new LinkedHashMap<>(Map.of("out", new Dense(1, 3)));
    private final List<String> labels = List.of("a", "b");

    public float[] forward(float[] x) {
        return x;
    }
}
