package io.jprune.runtime.spi;

import java.util.Map;

/**
 * What a framework knows of a model's tensor names beyond its parameters' qualified names, so that a person who
 * gives a name the framework shows is understood, or told why that tensor is no parameter, instead of "no
 * parameter". Optional: {@link #NONE} knows
 * nothing, and an adapter whose framework has no other names (plain Java) never implements it.
 */
public interface ParameterNames {
    /** Knows no other names. */
    ParameterNames NONE = new ParameterNames() {
    };

    /**
     * Why the framework's tensor of that name is not a parameter jprune prunes, e.g. {@code integer shapes or
     * indices (int64); jprune prunes float32 initializers}; {@code null} when the adapter knows no such tensor.
     * The engine refuses an operation on that name with this reason, instead of calling it unknown.
     */
    default String whyNotAParameter(String name) {
        return null;
    }

    /**
     * Every tensor of the framework that is no parameter, by name, each with the reason {@link #whyNotAParameter}
     * gives for it, in the framework's order; empty when the adapter knows none. The listings show them after the
     * parameters, so that a person sees why an initializer their framework's tools show cannot be pruned before
     * trying it.
     */
    default Map<String, String> notParameters() {
        return Map.of();
    }

    /**
     * The qualified name of the parameter the framework knows by {@code otherName} (an ONNX initializer's
     * {@code onnx::MatMul_787} for {@code encoder.layer.0.attention.self.query.weight}), or {@code null}: the engine
     * accepts such a name wherever it takes a parameter's name, so that a person can use the name the framework's
     * own tools show.
     */
    default String qualifiedName(String otherName) {
        return null;
    }

    /**
     * The framework's own name for the parameter of that qualified name, when it differs ({@code onnx::MatMul_787}),
     * or {@code null}: {@code describe} shows it beside the qualified name, so that a person can find the tensor in
     * the framework's own tools.
     */
    default String otherName(String qualifiedName) {
        return null;
    }
}
