package io.jprune.runtime.jmx;

import javax.management.ConstructorParameters;

/**
 * One row of {@code namedModules()}; a JMX console receives it as {@code CompositeData} with the items
 * {@code name}, {@code type} and {@code repr}.
 */
public final class ModuleInfo {
    private final String name;
    private final String type;
    private final String repr;

    /**
     * @param name qualified module name, {@code ""} for the root
     * @param type class simple name
     * @param repr what PyTorch would print for the module
     */
    @ConstructorParameters({"name", "type", "repr"})
    public ModuleInfo(String name, String type, String repr) {
        this.name = name;
        this.type = type;
        this.repr = repr;
    }

    /** Qualified module name, {@code ""} for the root, as in PyTorch's {@code named_modules()}. */
    public String getName() {
        return name;
    }

    /** Class simple name, read as the layer type. */
    public String getType() {
        return type;
    }

    /** What PyTorch would print, e.g. {@code Conv2d(1, 6, kernel_size=(3, 3), stride=(1, 1))}. */
    public String getRepr() {
        return repr;
    }

    @Override
    public String toString() {
        return (name.isEmpty() ? "<root>" : name) + ": " + repr;
    }
}
