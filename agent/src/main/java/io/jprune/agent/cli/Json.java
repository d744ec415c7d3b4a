package io.jprune.agent.cli;

import io.jprune.agent.json.JsonValues;

/**
 * The command line's {@code --json} output: {@link JsonValues} (Jackson's streaming API, relocated inside
 * {@code jprune.jar} so that it cannot clash with the host application's own Jackson). Maps keep their iteration
 * order (use a {@link java.util.LinkedHashMap}); NaN and infinities, which JSON cannot express, become {@code null}.
 */
final class Json {

    private Json() {
    }

    static String write(Object value) {
        return JsonValues.write(value);
    }
}
