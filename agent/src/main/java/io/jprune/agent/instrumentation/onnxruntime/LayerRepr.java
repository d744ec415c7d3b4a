package io.jprune.agent.instrumentation.onnxruntime;

import io.jprune.runtime.spi.ModuleNode;

import java.util.List;
import java.util.StringJoiner;

/** What PyTorch would print for a module of an ONNX model, from its layer type and its weight's shape. */
final class LayerRepr {
    private LayerRepr() {
    }

    /** {@code Conv2d(1, 10, kernel_size=(5, 5))}, {@code Linear(in_features=320, out_features=50, bias=True)}, ... */
    static String of(String type, List<OnnxParameter> parameters, List<ModuleNode> children, String name) {
        if (!children.isEmpty()) {
            StringBuilder text = new StringBuilder(type).append("(");
            for (ModuleNode child : children) {
                String key = name.isEmpty() ? child.name() : child.name().substring(name.length() + 1);
                text.append("\n  (").append(key).append("): ").append(child.repr().replace("\n", "\n  "));
            }
            return text.append("\n)").toString();
        }
        OnnxParameter weight = null;
        boolean bias = false;
        for (OnnxParameter parameter : parameters) {
            if (parameter.name().equals("weight")) {
                weight = parameter;
            }
            bias |= parameter.name().equals("bias");
        }
        if (weight == null) {
            return type + "()";
        }
        int[] dims = weight.shape().dims();
        if (type.equals("Linear") && dims.length == 2) {
            return "Linear(in_features=" + dims[1] + ", out_features=" + dims[0] + ", bias=" + (bias ? "True" : "False")
                    + ")";
        }
        if (type.startsWith("Conv") && dims.length >= 3) {
            StringJoiner kernel = new StringJoiner(", ", "(", dims.length == 3 ? ",)" : ")");
            for (int d = 2; d < dims.length; d++) {
                kernel.add(Integer.toString(dims[d]));
            }
            return type + "(" + dims[1] + ", " + dims[0] + ", kernel_size=" + kernel + (bias ? "" : ", bias=False")
                    + ")";
        }
        return type + "()";
    }
}
