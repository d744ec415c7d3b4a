package io.jprune.agent.instrumentation;

import java.util.List;

/**
 * One framework jprune understands (plain Java, ONNX Runtime, DJL, ...), in the manner of OpenTelemetry's Java
 * agent: each is one package under {@code instrumentation/<name>/} with one class implementing this, listed in
 * {@code META-INF/services}, and touches nothing outside its package. The agent finds the modules with
 * {@link java.util.ServiceLoader}, gives each the agent options it owns, and installs it only once the app uses
 * its framework, so that nothing is hooked or loaded for a framework the app does not have.
 */
public interface InstrumentationModule {

    /** A short name for people and logs, e.g. {@code plain} or {@code onnxruntime}. */
    String name();

    /**
     * The agent option keys this module owns ({@code modules}, {@code forward}, ...), in the order they are listed
     * to a person; no two modules may own the same key, and none may take the agent's own ({@code log},
     * {@code backend}, {@code recompute}).
     */
    List<String> optionKeys();

    /** The keys of {@link #optionKeys()} that may be given more than once; the others are refused when repeated. */
    default List<String> repeatableKeys() {
        return List.of();
    }

    /**
     * The fully qualified name of a class whose loading means the app uses this module's framework (for ONNX
     * Runtime, its environment class), or {@code null} for a module that applies to any app. The module is
     * installed when that class is first loaded, on the loading thread, before the class is used; or at start
     * when it is loaded already. The module must therefore hook only classes loaded after it.
     */
    default String libraryClass() {
        return null;
    }

    /**
     * This module's configuration from its options, in the order given (a key may repeat where the module allows
     * it); with no options, its defaults.
     *
     * @throws IllegalArgumentException naming the option that is wrong, so that the agent can say it in one line
     */
    Configured configure(List<Option> options);

    /** One {@code key=value} of the agent options, as given after {@code -javaagent:jprune.jar=}. */
    record Option(String key, String value) {
    }

    /** A module with its options read: what the agent shows and then installs. */
    interface Configured {

        /**
         * Starts discovering this framework's models and hooking their forwards.
         *
         * @throws RuntimeException when the module cannot start; the agent then stays inactive and says why
         */
        void install(InstrumentationContext context);

        /** The options in the syntax they are given in, every one of this module's spelled out; may be empty. */
        @Override
        String toString();
    }
}
