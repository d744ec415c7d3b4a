package io.jprune.runtime.jmx;

import io.jprune.kernels.Kernels;
import io.jprune.runtime.model.Model;
import io.jprune.runtime.model.ModelRegistry;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

/** The {@link AgentMXBean}: a fixed description of the agent plus the live list of models. */
public final class AgentBean implements AgentMXBean {
    private final String version;
    private final String options;
    private final String backend;
    private final ModelRegistry registry;
    private final Supplier<String> plan;
    private final Kernels kernels;

    /**
     * @param version  jprune's version
     * @param options  the agent options in force, as text
     * @param backend  where masks are computed and why
     * @param registry the models of this JVM
     */
    public AgentBean(String version, String options, String backend, ModelRegistry registry) {
        this(version, options, backend, registry, () -> "");
    }

    /**
     * @param version  jprune's version
     * @param options  the agent options in force, as text
     * @param backend  where masks are computed and why
     * @param registry the models of this JVM
     * @param plan     what became of the start-up plan, read whenever the attribute is
     */
    public AgentBean(String version, String options, String backend, ModelRegistry registry, Supplier<String> plan) {
        this(version, options, backend, registry, plan, null);
    }

    private AgentBean(String version, String options, String backend, ModelRegistry registry, Supplier<String> plan,
                      Kernels kernels) {
        this.version = Objects.requireNonNull(version, "version");
        this.options = Objects.requireNonNull(options, "options");
        this.backend = Objects.requireNonNull(backend, "backend");
        this.registry = Objects.requireNonNull(registry, "registry");
        this.plan = Objects.requireNonNull(plan, "plan");
        this.kernels = kernels;
    }

    /** This bean pruning on {@code kernels}: the publisher, which knows where masks are computed, sets them. */
    AgentBean pruningOn(Kernels pruningKernels) {
        return new AgentBean(version, options, backend, registry, plan,
                Objects.requireNonNull(pruningKernels, "kernels"));
    }

    @Override
    public String getPlan() {
        return plan.get();
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

    @Override
    public String globalUnstructured(String[] params, String method, String amount, long seed) {
        if (params == null || params.length == 0) {
            throw new IllegalArgumentException("global_unstructured(): parameters must name at least one parameter");
        }
        Set<Model> models = new LinkedHashSet<>();
        List<String> names = new ArrayList<>();
        for (String param : params) {
            Model model = modelOf(param);
            models.add(model);
            names.add(param.substring(model.name().length() + 1));
        }
        if (models.size() > 1) {
            throw new IllegalArgumentException("global_unstructured(): params name parameters of "
                    + models.size() + " models (" + String.join(", ", models.stream().map(Model::name).toList())
                    + "); jprune changes one model at a time, between two of its forwards, so one ranking cannot "
                    + "take effect in several models at once: prune each model on its own");
        }
        if (kernels == null) {
            throw new IllegalStateException("this Agent bean was not published with kernels; it cannot prune");
        }
        return new ModelBean(models.iterator().next(), kernels).globalUnstructured(names.toArray(new String[0]),
                method, amount, seed);
    }

    /** The model a {@code MODEL.PARAM} name starts with; model names never contain a dot. */
    private Model modelOf(String param) {
        int dot = param == null ? -1 : param.indexOf('.');
        Model model = dot <= 0 ? null : registry.model(param.substring(0, dot));
        if (model == null) {
            throw new IllegalArgumentException("global_unstructured(): parameter '" + param + "' must be named "
                    + "MODEL.PARAM, e.g. LeNet.fc1.weight, with MODEL one of the models: "
                    + String.join(", ", getModels()));
        }
        return model;
    }
}
