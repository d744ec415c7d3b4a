package io.jprune.agent;

import io.jprune.agent.instrumentation.InstrumentationContext;
import io.jprune.agent.instrumentation.InstrumentationModule;
import io.jprune.agent.instrumentation.InstrumentationModules;
import io.jprune.runtime.diagnostics.DiagnosticLog;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What follows {@code =} in {@code -javaagent:jprune.jar=...}, parsed once and immutable. Options are
 * separated by {@code ,} and list items by {@code +}, neither of which a shell treats specially:
 *
 * <pre>
 * -javaagent:jprune.jar=modules=com.acme.nn.*+com.acme.extra.Dense,forward=forward+predict,
 *                       shape=com.acme.Dense.kernel:128x64,log=debug,backend=cpu
 * </pre>
 *
 * The agent's own keys are read here:
 * <ul>
 *   <li>{@code log}: {@code off}, {@code info} (default) or {@code debug}</li>
 *   <li>{@code backend}: {@code auto} (default), {@code cpu} or {@code gpu}</li>
 *   <li>{@code recompute}: {@code cached} (default) or {@code per-forward}. A benchmarking switch, never for
 *       production: {@code per-forward} recomputes {@code weight_orig * weight_mask} of every pruned parameter
 *       into a new array before every root forward and installs it, as PyTorch's forward pre-hook does, so
 *       that a benchmark can show what jprune's cached generations (one masked product per prune, installed
 *       once) save. Outputs are the same in both modes.</li>
 *   <li>{@code plan}: a plan file ({@code io.jprune.agent.plan.PlanReader}) applied to the model it names when
 *       jprune finds it; read when the agent starts, so that a bad plan is reported without stopping jprune.</li>
 * </ul>
 * Every other key belongs to an {@link InstrumentationModule} ({@code modules}, {@code forward} and {@code shape}
 * to plain Java's), which reads it. A glob holding {@code *} is best quoted on a shell command line, since a
 * shell could expand it.
 */
public final class AgentOptions {
    private static final Set<String> BACKENDS = Set.of("auto", "cpu", "gpu");
    private static final List<String> AGENT_KEYS = List.of("log", "backend", "recompute", "plan");

    /** When the masked weights are computed: once per prune (jprune's way) or before every forward (PyTorch's). */
    public enum Recompute {
        /** {@code weight_orig * weight_mask} is computed once per prune and installed between forwards. */
        CACHED("cached"),
        /** Recomputed into a new array before every root forward, as PyTorch's pre-hook does; for benchmarks. */
        PER_FORWARD("per-forward");

        private final String option;

        Recompute(String option) {
            this.option = option;
        }

        /** Reads {@code cached} or {@code per-forward}, as written in the agent options. */
        static Recompute parse(String text) {
            for (Recompute mode : values()) {
                if (mode.option.equals(text)) {
                    return mode;
                }
            }
            throw new IllegalArgumentException("recompute must be cached or per-forward; got '" + text + "'");
        }

        @Override
        public String toString() {
            return option;
        }
    }

    /** A module with the options it was given. */
    private record ModuleSetup(InstrumentationModule module, InstrumentationModule.Configured configured) {
    }

    private final List<ModuleSetup> modules;
    private final DiagnosticLog.Level log;
    private final String backend;
    private final Recompute recompute;
    private final Path plan;

    private AgentOptions(List<ModuleSetup> modules, DiagnosticLog.Level log, String backend, Recompute recompute,
                         Path plan) {
        this.modules = List.copyOf(modules);
        this.log = log;
        this.backend = backend;
        this.recompute = recompute;
        this.plan = plan;
    }

    /** The options when none are given: every module's defaults, info log, automatic backend. */
    public static AgentOptions defaults() {
        return parse(null);
    }

    /**
     * Parses the agent's argument string ({@code null} or empty: the defaults).
     *
     * @throws IllegalArgumentException naming the first thing wrong, so that the agent can say it in one line
     */
    public static AgentOptions parse(String text) {
        List<InstrumentationModule> available = InstrumentationModules.available();
        Map<String, InstrumentationModule> owners = new HashMap<>();
        Map<InstrumentationModule, List<InstrumentationModule.Option>> given = new LinkedHashMap<>();
        for (InstrumentationModule module : available) {
            module.optionKeys().forEach(key -> owners.put(key, module));
            given.put(module, new ArrayList<>());
        }
        String keys = String.join(", ", allKeys(available));
        DiagnosticLog.Level log = DiagnosticLog.Level.INFO;
        String backend = "auto";
        Recompute recompute = Recompute.CACHED;
        Path plan = null;
        Set<String> seen = new HashSet<>();
        for (String option : text == null || text.isBlank() ? new String[0] : text.split(",", -1)) {
            int eq = option.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("option '" + option + "' must be key=value; keys are " + keys);
            }
            String key = option.substring(0, eq).trim();
            String value = option.substring(eq + 1).trim();
            if (value.isEmpty()) {
                throw new IllegalArgumentException("option '" + key + "' has no value");
            }
            if (!seen.add(key) && !(owners.containsKey(key) && owners.get(key).repeatableKeys().contains(key))) {
                throw new IllegalArgumentException("option '" + key + "' is given twice");
            }
            switch (key) {
                case "log" -> log = DiagnosticLog.Level.parse(value.toLowerCase(Locale.ROOT));
                case "backend" -> backend = backend(value.toLowerCase(Locale.ROOT));
                case "recompute" -> recompute = Recompute.parse(value.toLowerCase(Locale.ROOT));
                case "plan" -> plan = Path.of(value).toAbsolutePath();
                default -> {
                    InstrumentationModule owner = owners.get(key);
                    if (owner == null) {
                        throw new IllegalArgumentException("unknown option '" + key + "'; options are " + keys);
                    }
                    given.get(owner).add(new InstrumentationModule.Option(key, value));
                }
            }
        }
        List<ModuleSetup> setups = new ArrayList<>();
        given.forEach((module, options) -> setups.add(new ModuleSetup(module, module.configure(options))));
        return new AgentOptions(setups, log, backend, recompute, plan);
    }

    private static List<String> allKeys(List<InstrumentationModule> modules) {
        List<String> keys = new ArrayList<>();
        modules.forEach(module -> keys.addAll(module.optionKeys()));
        keys.addAll(AGENT_KEYS);
        return keys;
    }

    private static String backend(String requested) {
        if (!BACKENDS.contains(requested)) {
            throw new IllegalArgumentException("backend must be one of auto, cpu, gpu; got '" + requested + "'");
        }
        return requested;
    }

    /** The log level. */
    public DiagnosticLog.Level log() {
        return log;
    }

    /** The requested backend: {@code auto}, {@code cpu} or {@code gpu}. */
    public String backend() {
        return backend;
    }

    /** When masked weights are computed. */
    public Recompute recompute() {
        return recompute;
    }

    /** The plan file to apply at start-up, if one was given. */
    public Optional<Path> plan() {
        return Optional.ofNullable(plan);
    }

    /** Installs every module with its options (some only once the app loads their framework). */
    public void installModules(InstrumentationContext context) {
        for (ModuleSetup setup : modules) {
            InstrumentationModules.install(setup.module(), setup.configured(), context);
        }
    }

    /** The configuration of the module whose configuration has this type, e.g. plain Java's; for tests and tools. */
    public <T extends InstrumentationModule.Configured> T configuration(Class<T> type) {
        for (ModuleSetup setup : modules) {
            if (type.isInstance(setup.configured())) {
                return type.cast(setup.configured());
            }
        }
        throw new IllegalArgumentException("no instrumentation module is configured by " + type.getName());
    }

    /**
     * The options in the syntax they are given in, every option spelled out (shown by the Agent MBean) except
     * {@code recompute} when it is the default, since that switch exists only for benchmarks.
     */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        for (ModuleSetup setup : modules) {
            String options = setup.configured().toString();
            if (!options.isEmpty()) {
                text.append(options).append(',');
            }
        }
        text.append("log=").append(log.name().toLowerCase(Locale.ROOT));
        text.append(",backend=").append(backend);
        if (recompute != Recompute.CACHED) {
            text.append(",recompute=").append(recompute);
        }
        if (plan != null) {
            text.append(",plan=").append(plan);
        }
        return text.toString();
    }
}
