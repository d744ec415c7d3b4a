package io.jprune.agent.instrumentation.onnxruntime;

import io.jprune.runtime.spi.ParameterNames;

import java.util.Map;

/**
 * The ONNX names of a session's initializers as the engine asks about them: an initializer that is no parameter
 * (integer shapes and indices, quantized weights, one that feeds no node) is refused by name with its reason,
 * instead of being reported as unknown.
 */
final class OnnxNames implements ParameterNames {
    private final Map<String, String> notParameters;

    OnnxNames(OnnxGraph graph) {
        this.notParameters = graph.notParameters();
    }

    @Override
    public String whyNotAParameter(String name) {
        return notParameters.get(name);
    }
}
