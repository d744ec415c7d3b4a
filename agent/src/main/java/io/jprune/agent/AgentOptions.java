package io.jprune.agent;

import io.jprune.runtime.diagnostics.DiagnosticLog;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
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
 * <ul>
 *   <li>{@code modules}: globs on class names of the classes that count as modules (default {@code *}: any
 *       class declaring a forward method)</li>
 *   <li>{@code forward}: the names of forward methods (default {@code forward})</li>
 *   <li>{@code shape}: shapes of flat weights jprune cannot infer, {@code Class.field:AxB}; may repeat</li>
 *   <li>{@code log}: {@code off}, {@code info} (default) or {@code debug}</li>
 *   <li>{@code backend}: {@code auto} (default), {@code cpu} or {@code gpu}</li>
 *   <li>{@code recompute}: {@code cached} (default) or {@code per-forward}. A benchmarking switch, never for
 *       production: {@code per-forward} recomputes {@code weight_orig * weight_mask} of every pruned parameter
 *       into a new array before every root forward and installs it, as PyTorch's forward pre-hook does, so
 *       that a benchmark can show what jprune's cached generations (one masked product per prune, installed
 *       once) save. Outputs are the same in both modes.</li>
 * </ul>
 * A glob holding {@code *} is best quoted on a shell command line, since a shell could expand it.
 */
public final class AgentOptions {
    private static final Set<String> BACKENDS = Set.of("auto", "cpu", "gpu");
    private static final String KEYS = "modules, forward, shape, log, backend, recompute";

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

    private final List<ClassNameGlob> modules;
    private final List<String> forwardMethods;
    private final List<ShapeOverride> shapes;
    private final DiagnosticLog.Level log;
    private final String backend;
    private final Recompute recompute;

    private AgentOptions(List<ClassNameGlob> modules, List<String> forwardMethods, List<ShapeOverride> shapes,
                         DiagnosticLog.Level log, String backend, Recompute recompute) {
        this.modules = List.copyOf(modules);
        this.forwardMethods = List.copyOf(forwardMethods);
        this.shapes = List.copyOf(shapes);
        this.log = log;
        this.backend = backend;
        this.recompute = recompute;
    }

    /** The options when none are given: any class with a {@code forward} method, info log, automatic backend. */
    public static AgentOptions defaults() {
        return new AgentOptions(List.of(ClassNameGlob.of("*")), List.of("forward"), List.of(),
                DiagnosticLog.Level.INFO, "auto", Recompute.CACHED);
    }

    /**
     * Parses the agent's argument string ({@code null} or empty: the defaults).
     *
     * @throws IllegalArgumentException naming the first thing wrong, so that the agent can say it in one line
     */
    public static AgentOptions parse(String text) {
        AgentOptions options = defaults();
        if (text == null || text.isBlank()) {
            return options;
        }
        Set<String> seen = new HashSet<>();
        List<ShapeOverride> shapes = new ArrayList<>();
        for (String option : text.split(",", -1)) {
            int eq = option.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("option '" + option + "' must be key=value; keys are " + KEYS);
            }
            String key = option.substring(0, eq).trim();
            String value = option.substring(eq + 1).trim();
            if (value.isEmpty()) {
                throw new IllegalArgumentException("option '" + key + "' has no value");
            }
            if (!key.equals("shape") && !seen.add(key)) {
                throw new IllegalArgumentException("option '" + key + "' is given twice");
            }
            switch (key) {
                case "modules" -> options = options.withModules(items(key, value));
                case "forward" -> options = options.withForwardMethods(items(key, value));
                case "shape" -> {
                    for (String item : items(key, value)) {
                        shapes.add(ShapeOverride.parse(item));
                    }
                }
                case "log" -> options = options.withLog(DiagnosticLog.Level.parse(value.toLowerCase(Locale.ROOT)));
                case "backend" -> options = options.withBackend(value.toLowerCase(Locale.ROOT));
                case "recompute" -> options = options.withRecompute(Recompute.parse(value.toLowerCase(Locale.ROOT)));
                default -> throw new IllegalArgumentException("unknown option '" + key + "'; options are " + KEYS);
            }
        }
        return options.withShapes(shapes);
    }

    private static List<String> items(String key, String value) {
        List<String> items = new ArrayList<>();
        for (String item : value.split("\\+", -1)) {
            if (item.isBlank()) {
                throw new IllegalArgumentException("option '" + key + "' has an empty item in '" + value + "'");
            }
            items.add(item.trim());
        }
        return items;
    }

    /** Which classes count as modules, by class name glob (any one matching is enough). */
    public AgentOptions withModules(List<String> globs) {
        List<ClassNameGlob> parsed = new ArrayList<>();
        for (String glob : globs) {
            parsed.add(ClassNameGlob.of(glob));
        }
        if (parsed.isEmpty()) {
            throw new IllegalArgumentException("modules needs at least one class name pattern");
        }
        return new AgentOptions(parsed, forwardMethods, shapes, log, backend, recompute);
    }

    /** Which method names are forward methods. */
    public AgentOptions withForwardMethods(List<String> names) {
        if (names.isEmpty()) {
            throw new IllegalArgumentException("forward needs at least one method name");
        }
        for (String name : names) {
            if (!Character.isJavaIdentifierStart(name.charAt(0))
                    || !name.chars().allMatch(Character::isJavaIdentifierPart)) {
                throw new IllegalArgumentException("forward: '" + name + "' is not a method name");
            }
        }
        return new AgentOptions(modules, names, shapes, log, backend, recompute);
    }

    /** Shapes for flat weights whose shape cannot be inferred. */
    public AgentOptions withShapes(List<ShapeOverride> overrides) {
        return new AgentOptions(modules, forwardMethods, overrides, log, backend, recompute);
    }

    /** How talkative jprune is. */
    public AgentOptions withLog(DiagnosticLog.Level level) {
        return new AgentOptions(modules, forwardMethods, shapes, Objects.requireNonNull(level, "log"), backend,
                recompute);
    }

    /** Where masks are computed: {@code auto}, {@code cpu} or {@code gpu}. */
    public AgentOptions withBackend(String requested) {
        if (!BACKENDS.contains(requested)) {
            throw new IllegalArgumentException("backend must be one of auto, cpu, gpu; got '" + requested + "'");
        }
        return new AgentOptions(modules, forwardMethods, shapes, log, requested, recompute);
    }

    /**
     * When masked weights are computed; {@link Recompute#PER_FORWARD} only to benchmark against PyTorch's way of
     * recomputing them on every forward.
     */
    public AgentOptions withRecompute(Recompute mode) {
        return new AgentOptions(modules, forwardMethods, shapes, log, backend,
                Objects.requireNonNull(mode, "recompute"));
    }

    /** Class name globs selecting module classes. */
    public List<ClassNameGlob> modules() {
        return modules;
    }

    /** Names of forward methods. */
    public List<String> forwardMethods() {
        return forwardMethods;
    }

    /** Shapes given explicitly. */
    public List<ShapeOverride> shapes() {
        return shapes;
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

    /**
     * The options in the syntax they are given in, every option spelled out (shown by the Agent MBean) except
     * {@code recompute} when it is the default, since that switch exists only for benchmarks.
     */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("modules=");
        text.append(String.join("+", modules.stream().map(ClassNameGlob::toString).toList()));
        text.append(",forward=").append(String.join("+", forwardMethods));
        if (!shapes.isEmpty()) {
            text.append(",shape=").append(String.join("+", shapes.stream().map(ShapeOverride::toString).toList()));
        }
        text.append(",log=").append(log.name().toLowerCase(Locale.ROOT));
        text.append(",backend=").append(backend);
        if (recompute != Recompute.CACHED) {
            text.append(",recompute=").append(recompute);
        }
        return text.toString();
    }
}
