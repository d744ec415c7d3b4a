package io.jprune.agent.instrumentation.onnxruntime;

import io.jprune.agent.instrumentation.InstrumentationModule;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * ONNX Runtime's Java API: every {@code OrtSession} the app creates becomes a model, its float initializers its
 * parameters. Installed when the app loads {@code OrtEnvironment}, through which every session is created. Its one
 * option, {@code onnx.models} (files or directories joined with {@code +}; may repeat), names where the model files
 * of sessions created before jprune was loaded are, since ONNX Runtime does not keep a session's model path.
 */
public final class OnnxRuntimeInstrumentationModule implements InstrumentationModule {
    private static final String MODELS = "onnx.models";

    @Override
    public String name() {
        return "onnxruntime";
    }

    @Override
    public List<String> optionKeys() {
        return List.of(MODELS);
    }

    @Override
    public List<String> repeatableKeys() {
        return List.of(MODELS);
    }

    @Override
    public String libraryClass() {
        return "ai.onnxruntime.OrtEnvironment";
    }

    @Override
    public Configured configure(List<Option> options) {
        List<Path> models = new ArrayList<>();
        for (Option option : options) {
            if (!option.key().equals(MODELS)) {
                throw new IllegalArgumentException("option '" + option.key() + "' is not ONNX Runtime's");
            }
            for (String item : option.value().split("\\+", -1)) {
                if (item.isBlank()) {
                    throw new IllegalArgumentException("option '" + MODELS + "' has an empty item in '"
                            + option.value() + "'");
                }
                Path path = Path.of(item.trim()).toAbsolutePath().normalize();
                if (!Files.exists(path)) {
                    throw new IllegalArgumentException("option '" + MODELS + "': no file or directory " + path);
                }
                models.add(path);
            }
        }
        return new OnnxRuntimeInstrumentation(models);
    }
}
