package io.jprune.agent.instrumentation.plain;

import io.jprune.agent.instrumentation.InstrumentationContext;
import io.jprune.agent.instrumentation.InstrumentationModule;
import java.util.ArrayList;
import java.util.List;

/**
 * The plain-Java adapter's agent options, immutable:
 * <ul>
 *   <li>{@code modules}: globs on class names of the classes that count as modules (default {@code *}: any
 *       class declaring a forward method)</li>
 *   <li>{@code forward}: the names of forward methods (default {@code forward})</li>
 *   <li>{@code shape}: shapes of flat weights jprune cannot infer, {@code Class.field:AxB}; may repeat</li>
 * </ul>
 * List items are joined with {@code +}.
 */
public final class PlainOptions implements InstrumentationModule.Configured {
    /** The keys, in the order they are shown to people. */
    static final List<String> KEYS = List.of("modules", "forward", "shape");

    private final List<ClassNameGlob> modules;
    private final List<String> forwardMethods;
    private final List<ShapeOverride> shapes;

    private PlainOptions(List<ClassNameGlob> modules, List<String> forwardMethods, List<ShapeOverride> shapes) {
        this.modules = List.copyOf(modules);
        this.forwardMethods = List.copyOf(forwardMethods);
        this.shapes = List.copyOf(shapes);
    }

    /** Any class with a {@code forward} method, no explicit shapes. */
    public static PlainOptions defaults() {
        return new PlainOptions(List.of(ClassNameGlob.of("*")), List.of("forward"), List.of());
    }

    /**
     * Reads this adapter's options, in the order given.
     *
     * @throws IllegalArgumentException naming the option that is wrong
     */
    static PlainOptions parse(List<InstrumentationModule.Option> options) {
        PlainOptions parsed = defaults();
        List<ShapeOverride> shapes = new ArrayList<>();
        for (InstrumentationModule.Option option : options) {
            switch (option.key()) {
                case "modules" -> parsed = parsed.withModules(items(option));
                case "forward" -> parsed = parsed.withForwardMethods(items(option));
                case "shape" -> {
                    for (String item : items(option)) {
                        shapes.add(ShapeOverride.parse(item));
                    }
                }
                default -> throw new IllegalArgumentException("option '" + option.key() + "' is not plain Java's");
            }
        }
        return parsed.withShapes(shapes);
    }

    private static List<String> items(InstrumentationModule.Option option) {
        List<String> items = new ArrayList<>();
        for (String item : option.value().split("\\+", -1)) {
            if (item.isBlank()) {
                throw new IllegalArgumentException("option '" + option.key() + "' has an empty item in '"
                        + option.value() + "'");
            }
            items.add(item.trim());
        }
        return items;
    }

    /** Which classes count as modules, by class name glob (any one matching is enough). */
    public PlainOptions withModules(List<String> globs) {
        List<ClassNameGlob> parsed = new ArrayList<>();
        for (String glob : globs) {
            parsed.add(ClassNameGlob.of(glob));
        }
        if (parsed.isEmpty()) {
            throw new IllegalArgumentException("modules needs at least one class name pattern");
        }
        return new PlainOptions(parsed, forwardMethods, shapes);
    }

    /** Which method names are forward methods. */
    public PlainOptions withForwardMethods(List<String> names) {
        if (names.isEmpty()) {
            throw new IllegalArgumentException("forward needs at least one method name");
        }
        for (String name : names) {
            if (!Character.isJavaIdentifierStart(name.charAt(0))
                    || !name.chars().allMatch(Character::isJavaIdentifierPart)) {
                throw new IllegalArgumentException("forward: '" + name + "' is not a method name");
            }
        }
        return new PlainOptions(modules, names, shapes);
    }

    /** Shapes for flat weights whose shape cannot be inferred. */
    public PlainOptions withShapes(List<ShapeOverride> overrides) {
        return new PlainOptions(modules, forwardMethods, overrides);
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

    @Override
    public void install(InstrumentationContext context) {
        PlainInstrumentation.install(context, this);
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("modules=");
        text.append(String.join("+", modules.stream().map(ClassNameGlob::toString).toList()));
        text.append(",forward=").append(String.join("+", forwardMethods));
        if (!shapes.isEmpty()) {
            text.append(",shape=").append(String.join("+", shapes.stream().map(ShapeOverride::toString).toList()));
        }
        return text.toString();
    }
}
