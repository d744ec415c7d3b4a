package io.jprune.runtime.jmx;

import io.jprune.runtime.model.Model;
import io.jprune.runtime.model.ModelRegistry;
import java.util.Objects;

/** The {@link AgentMXBean}: a fixed description of the agent plus the live list of models. */
public final class AgentBean implements AgentMXBean {
    private final String version;
    private final String options;
    private final String backend;
    private final ModelRegistry registry;

    /**
     * @param version  jprune's version
     * @param options  the agent options in force, as text
     * @param backend  where masks are computed and why
     * @param registry the models of this JVM
     */
    public AgentBean(String version, String options, String backend, ModelRegistry registry) {
        this.version = Objects.requireNonNull(version, "version");
        this.options = Objects.requireNonNull(options, "options");
        this.backend = Objects.requireNonNull(backend, "backend");
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    @Override
    public String getVersion() {
        return version;
    }

    @Override
    public String getOptions() {
        return options;
    }

    @Override
    public String[] getModels() {
        return registry.models().stream().map(Model::name).toArray(String[]::new);
    }

    @Override
    public String getBackend() {
        return backend;
    }
}
