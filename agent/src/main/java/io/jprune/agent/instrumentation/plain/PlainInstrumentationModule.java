package io.jprune.agent.instrumentation.plain;

import io.jprune.agent.instrumentation.InstrumentationModule;
import java.util.List;

/**
 * Hand-written Java models: a class declaring a method named {@code forward} is a module, its {@code float[]}
 * fields are its parameters. Applies to any app, so it has no library class.
 */
public final class PlainInstrumentationModule implements InstrumentationModule {

    @Override
    public String name() {
        return "plain";
    }

    @Override
    public List<String> optionKeys() {
        return PlainOptions.KEYS;
    }

    @Override
    public List<String> repeatableKeys() {
        return List.of("shape");
    }

    @Override
    public PlainOptions configure(List<Option> options) {
        return PlainOptions.parse(options);
    }
}
