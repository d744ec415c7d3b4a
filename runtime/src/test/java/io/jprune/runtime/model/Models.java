package io.jprune.runtime.model;

import io.jprune.runtime.spi.ModuleNode;
import io.jprune.runtime.tensor.Shape;
import java.util.List;

/** Small models built by hand, named and shaped like PyTorch's spec cases. */
public final class Models {
    private Models() {
    }

    /** {@code nn.Linear(3, 2)} with H1's weight. */
    public static final class Linear {
        public final Object root = new Object();
        public final ArrayHandle weight = new ArrayHandle("weight", Shape.of(2, 3), 0.5f, -1.5f, 2.0f, -0.1f, 3.0f, -0.7f);
        public final ArrayHandle bias = new ArrayHandle("bias", Shape.of(2), 0.3f, -0.2f);
        public final ModuleNode tree = new ModuleNode("", root, "Linear", "Linear(in_features=3, out_features=2, bias=True)",
                List.of(weight, bias), List.of());
        public final Model model = new Model("Linear", root, tree);
    }

    /** A root with two children {@code a} (2x2) and {@code b} (1x3), each with a weight: H8's global case. */
    public static final class TwoLayers {
        public final Object root = new Object();
        public final Object aModule = new Object();
        public final Object bModule = new Object();
        public final ArrayHandle a = new ArrayHandle("weight", Shape.of(2, 2), 0.9f, -0.05f, 0.3f, -1.2f);
        public final ArrayHandle b = new ArrayHandle("weight", Shape.of(1, 3), 0.02f, -0.6f, 0.25f);
        public final ModuleNode tree = new ModuleNode("", root, "Net", "Net", List.of(), List.of(
                new ModuleNode("a", aModule, "Linear", "Linear(in_features=2, out_features=2, bias=False)",
                        List.of(a), List.of()),
                new ModuleNode("b", bModule, "Linear", "Linear(in_features=3, out_features=1, bias=False)",
                        List.of(b), List.of())));
        public final Model model = new Model("Net", root, tree);
    }
}
