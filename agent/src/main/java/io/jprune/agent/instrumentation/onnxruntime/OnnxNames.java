package io.jprune.agent.instrumentation.onnxruntime;

import io.jprune.runtime.spi.ParameterNames;

import java.util.HashMap;
import java.util.Map;

/**
 * The ONNX names of a session's initializers as the engine asks about them: an initializer that is no parameter
 * (integer shapes and indices, quantized weights, one that feeds no node) is refused by name with its reason,
 * instead of being reported as unknown; a parameter named after its module ({@code ...query.weight}) is also
 * accepted by its ONNX name ({@code onnx::MatMul_787}), which {@code describe} shows beside it.
 */
final class OnnxNames implements ParameterNames {
    private final Map<String, String> notParameters;
    /** ONNX name to qualified name, for the parameters whose two names differ. */
    private final Map<String, String> qualified = new HashMap<>();
    /** Qualified name to ONNX name, the same pairs. */
    private final Map<String, String> onnx = new HashMap<>();

    OnnxNames(OnnxGraph graph) {
        this.notParameters = graph.notParameters();
        for (OnnxParameter parameter : graph.parameters()) {
            if (!parameter.onnxName().equals(parameter.qualifiedName())) {
                qualified.put(parameter.onnxName(), parameter.qualifiedName());
                onnx.put(parameter.qualifiedName(), parameter.onnxName());
            }
        }
    }

    @Override
    public String qualifiedName(String otherName) {
        return qualified.get(otherName);
    }

    @Override
    public String otherName(String qualifiedName) {
        return onnx.get(qualifiedName);
    }

    @Override
    public String whyNotAParameter(String name) {
        return notParameters.get(name);
    }

    @Override
    public Map<String, String> notParameters() {
        return notParameters;
    }
}
