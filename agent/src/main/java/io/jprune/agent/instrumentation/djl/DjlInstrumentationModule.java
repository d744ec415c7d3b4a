package io.jprune.agent.instrumentation.djl;

import io.jprune.agent.instrumentation.InstrumentationModule;
import java.util.List;

/**
 * Deep Java Library: every block tree whose forward the app runs (a {@code Predictor}'s or {@code Model}'s block,
 * the outermost block whose forward runs) becomes a model, its float parameters its parameters. Installed when the
 * app loads {@code ai.djl.nn.Parameter}, which every block with weights creates, and which loads after the block
 * classes it then hooks; it has no options of its own.
 */
public final class DjlInstrumentationModule implements InstrumentationModule {

    @Override
    public String name() {
        return "djl";
    }

    @Override
    public List<String> optionKeys() {
        return List.of();
    }

    @Override
    public String libraryClass() {
        return "ai.djl.nn.Parameter";
    }

    @Override
    public Configured configure(List<Option> options) {
        if (!options.isEmpty()) {
            throw new IllegalArgumentException("option '" + options.get(0).key() + "' is not DJL's");
        }
        return new DjlInstrumentation();
    }
}
