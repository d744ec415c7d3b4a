package io.jprune.runtime.spi;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * One module of a model as PyTorch's {@code named_modules()} would list it: a qualified name
 * ({@code ""} for the root, {@code conv1}, {@code layers.0}), the class name a person recognises, the
 * text PyTorch would print for it, its own parameters and its children, both in declaration order.
 * Immutable: a snapshot taken when the model was discovered, except for {@link #repr()}, which an adapter may
 * let follow the module's current sizes (see {@link #withCurrentRepr}).
 */
public final class ModuleNode {
    private final String name;
    private final WeakReference<Object> module;
    private final String type;
    private final String repr;
    private final List<ParameterHandle> parameters;
    private final List<ModuleNode> children;
    private final List<DimHandle> dims;
    private final ForwardInvoker forward;
    private final Function<Object, String> currentRepr;
    private final List<ParameterHandle> buffers;

    /**
     * @param name       qualified name inside the model, {@code ""} for the root
     * @param module     the app's module object, held weakly
     * @param type       class simple name, e.g. {@code Conv2d}
     * @param repr       what PyTorch would print, e.g. {@code Conv2d(1, 6, kernel_size=(3, 3), stride=(1, 1))}
     * @param parameters the module's own tensors, in declaration order
     * @param children   child modules, in declaration order, with qualified names
     */
    public ModuleNode(String name, Object module, String type, String repr, List<ParameterHandle> parameters,
                      List<ModuleNode> children) {
        this(name, module, type, repr, parameters, children, List.of(), null);
    }

    /**
     * A module whose adapter also knows the int fields holding its weight's dims, which compaction shrinks
     * with the arrays, and how to run its forward, which the structure analysis replays.
     *
     * @param dims    the int fields holding dims of the module's weight; empty when there are none
     * @param forward how to run this module's forward outside the app's call path, or {@code null} when the
     *                adapter cannot
     */
    public ModuleNode(String name, Object module, String type, String repr, List<ParameterHandle> parameters,
                      List<ModuleNode> children, List<DimHandle> dims, ForwardInvoker forward) {
        this.name = Objects.requireNonNull(name, "name");
        this.module = new WeakReference<>(Objects.requireNonNull(module, "module"));
        this.type = Objects.requireNonNull(type, "type");
        this.repr = Objects.requireNonNull(repr, "repr");
        this.parameters = List.copyOf(parameters);
        this.children = List.copyOf(children);
        this.dims = List.copyOf(dims);
        this.forward = forward;
        this.currentRepr = null;
        this.buffers = List.of();
    }

    private ModuleNode(ModuleNode node, Function<Object, String> currentRepr, List<ParameterHandle> buffers) {
        this.name = node.name;
        this.module = node.module;
        this.type = node.type;
        this.repr = node.repr;
        this.parameters = node.parameters;
        this.children = node.children;
        this.dims = node.dims;
        this.forward = node.forward;
        this.currentRepr = currentRepr;
        this.buffers = List.copyOf(buffers);
    }

    /**
     * This node with the module's own buffers: the state a framework keeps beside the weights and never trains
     * (a batch norm's running mean and variance), which PyTorch lists in {@code named_buffers()} before any
     * {@code weight_mask}. Listed and readable by name; never pruned.
     *
     * @param buffers the module's buffers, in declaration order, named as PyTorch names them ({@code running_mean})
     */
    public ModuleNode withBuffers(List<ParameterHandle> buffers) {
        return new ModuleNode(this, currentRepr, buffers);
    }

    /** The module's own buffers (see {@link #withBuffers}); empty for most adapters. */
    public List<ParameterHandle> buffers() {
        return buffers;
    }

    /**
     * This node with a {@link #repr()} that asks the module for its text each time, so that after a compaction
     * a listing prints the sizes the app's module has now ({@code Linear(in_features=120, ...)}), not those it
     * had when discovered.
     *
     * @param currentRepr the module's text now, given the app's module object; {@code null} or a throwable
     *                    keeps the text taken at discovery
     */
    public ModuleNode withCurrentRepr(Function<Object, String> currentRepr) {
        return new ModuleNode(this, Objects.requireNonNull(currentRepr, "currentRepr"), buffers);
    }

    /** Qualified name inside the model; {@code ""} is the root, as in PyTorch. */
    public String name() {
        return name;
    }

    /**
     * The app's module object, or {@code null} once the app has dropped it: jprune tells models apart by
     * these objects' identity and must not keep them alive.
     */
    public Object module() {
        return module.get();
    }

    /** Class simple name, which a PyTorch user reads as the layer type. */
    public String type() {
        return type;
    }

    /** What PyTorch would print for this module, used in listings and in PyTorch's error texts. */
    public String repr() {
        Object owner = currentRepr == null ? null : module.get();
        if (owner == null) {
            return repr;
        }
        try {
            String now = currentRepr.apply(owner);
            return now != null ? now : repr;
        } catch (RuntimeException | LinkageError e) {
            return repr;
        }
    }

    /** This module's own tensors (not its children's), in declaration order. */
    public List<ParameterHandle> parameters() {
        return parameters;
    }

    /** Direct children, in declaration order. */
    public List<ModuleNode> children() {
        return children;
    }

    /** The int fields holding dims of this module's weight, which compaction changes with the arrays. */
    public List<DimHandle> dims() {
        return dims;
    }

    /** How to run this module's forward outside the app's call path, or {@code null} when the adapter cannot. */
    public ForwardInvoker forward() {
        return forward;
    }

    /** This module and all below it, root first then depth-first: PyTorch's {@code named_modules()} order. */
    public List<ModuleNode> namedModules() {
        List<ModuleNode> out = new ArrayList<>();
        collect(this, out);
        return out;
    }

    private static void collect(ModuleNode node, List<ModuleNode> out) {
        out.add(node);
        for (ModuleNode child : node.children) {
            collect(child, out);
        }
    }

    /**
     * The name of {@code descendant} relative to this module, PyTorch-style: {@code conv1} seen from the root,
     * {@code ""} seen from itself.
     */
    public String relativeName(ModuleNode descendant) {
        if (name.isEmpty() || descendant.name.equals(name)) {
            return descendant.name.equals(name) ? "" : descendant.name;
        }
        return descendant.name.substring(name.length() + 1);
    }

    /** Qualifies a local name (a child's or a tensor's) with this module's name. */
    public String qualify(String localName) {
        return name.isEmpty() ? localName : name + "." + localName;
    }

    @Override
    public String toString() {
        return "ModuleNode[" + (name.isEmpty() ? "<root>" : name) + ": " + type + "]";
    }
}
