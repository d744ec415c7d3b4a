package io.jprune.agent.instrumentation.onnxruntime;

import io.jprune.agent.instrumentation.InstrumentationModule;

import java.util.List;

/**
 * ONNX Runtime's Java API: every {@code OrtSession} the app creates becomes a model, its float initializers its
 * parameters. Installed when the app loads {@code OrtEnvironment}, through which every session is created; it has
 * no options of its own.
 */
public final class OnnxRuntimeInstrumentationModule implements InstrumentationModule {

    @Override
    public String name() {
        return "onnxruntime";
    }

    @Override
    public List<String> optionKeys() {
        return List.of();
    }

    @Override
    public String libraryClass() {
        return "ai.onnxruntime.OrtEnvironment";
    }

    @Override
    public Configured configure(List<Option> options) {
        if (!options.isEmpty()) {
            throw new IllegalArgumentException("option '" + options.get(0).key() + "' is not ONNX Runtime's");
        }
        return new OnnxRuntimeInstrumentation();
    }
}
