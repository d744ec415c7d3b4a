package io.jprune.runtime.api;

import io.jprune.kernels.Kernels;
import io.jprune.runtime.model.Model;
import io.jprune.runtime.model.ModelState;
import io.jprune.runtime.model.ParameterSlot;
import io.jprune.runtime.model.ParameterState;
import io.jprune.runtime.prune.PrunedParameter;
import io.jprune.runtime.spi.ModuleNode;
import io.jprune.runtime.spi.ParameterHandle;
import io.jprune.runtime.tensor.Shape;
import io.jprune.runtime.tensor.TensorRepr;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The read side of a model as PyTorch shows it: {@code named_modules()}, {@code named_parameters()},
 * {@code named_buffers()} and the tensors by name, with the {@code weight_orig} / {@code weight_mask}
 * renaming that pruning implies. Every answer comes from one published generation, so a listing never
 * mixes two states even while someone prunes.
 */
public final class NamedTensors {
    private static final int MAX_LISTED_NAMES = 40;

    private final Model model;
    private final Kernels kernels;

    /**
     * @param model   the model to read
     * @param kernels used to count zeros and pruned channels
     */
    public NamedTensors(Model model, Kernels kernels) {
        this.model = Objects.requireNonNull(model, "model");
        this.kernels = Objects.requireNonNull(kernels, "kernels");
    }

    /** {@code model.named_modules()}: the root ({@code ""}) first, then depth-first in declaration order. */
    public List<ModuleNode> modules() {
        return model.tree().namedModules();
    }

    /**
     * {@code module.named_parameters()}: names relative to {@code module} ({@code ""} is the root); a pruned
     * parameter appears as {@code weight_orig}, moved after its module's other parameters as PyTorch does.
     */
    public List<NamedTensor> parameters(String module) {
        ModuleNode top = module(module);
        ModelState state = liveState();
        List<NamedTensor> out = new ArrayList<>();
        for (ModuleNode node : top.namedModules()) {
            for (ParameterSlot slot : ordered(node, state)) {
                ParameterState parameter = state.get(slot.qualifiedName());
                String local = slot.handle().name();
                if (parameter != null && parameter.isPruned()) {
                    out.add(named(top, node, local + "_orig", slot, parameter.pruned().orig()));
                } else {
                    out.add(named(top, node, local, slot, currentValues(slot, parameter)));
                }
            }
        }
        return out;
    }

    /**
     * {@code module.named_buffers()}: per module, the framework's own buffers (a batch norm's running statistics),
     * then the {@code weight_mask} of every pruned parameter, in order of first prune.
     */
    public List<NamedTensor> buffers(String module) {
        ModuleNode top = module(module);
        ModelState state = liveState();
        List<NamedTensor> out = new ArrayList<>();
        for (ModuleNode node : top.namedModules()) {
            for (ParameterHandle buffer : node.buffers()) {
                String prefix = top.relativeName(node);
                out.add(new NamedTensor(prefix.isEmpty() ? buffer.name() : prefix + "." + buffer.name(),
                        buffer.shape(), bufferValues(buffer)));
            }
            for (ParameterSlot slot : ordered(node, state)) {
                ParameterState parameter = state.get(slot.qualifiedName());
                if (parameter != null && parameter.isPruned()) {
                    out.add(named(top, node, slot.handle().name() + "_mask", slot,
                            parameter.pruned().mask().toFloats()));
                }
            }
        }
        return out;
    }

    /**
     * One tensor by qualified name: {@code conv1.weight} (for a pruned parameter, PyTorch's attribute
     * {@code weight_orig * weight_mask}), {@code conv1.weight_orig}, {@code conv1.weight_mask},
     * {@code conv1.bias}; a parameter may also be named by its framework's own name (an ONNX initializer's), and
     * the tensor then carries its qualified name.
     */
    public NamedTensor tensor(String name) {
        String qualifiedName = model.qualifiedName(name);
        ModelState state = liveState();
        if (qualifiedName != null) {
            ParameterSlot slot = model.slot(qualifiedName);
            if (slot != null) {
                ParameterState parameter = state.get(qualifiedName);
                float[] values = parameter != null && parameter.isPruned()
                        ? parameter.pruned().weight() : currentValues(slot, parameter);
                return new NamedTensor(qualifiedName, slot.handle().shape(), values);
            }
            NamedTensor renamed = prunedPart(state, qualifiedName);
            if (renamed != null) {
                return renamed;
            }
            for (ModuleNode node : model.tree().namedModules()) {
                for (ParameterHandle buffer : node.buffers()) {
                    if (node.qualify(buffer.name()).equals(qualifiedName)) {
                        return new NamedTensor(qualifiedName, buffer.shape(), bufferValues(buffer));
                    }
                }
            }
        }
        throw new IllegalArgumentException("no tensor '" + qualifiedName + "' in model " + model.name()
                + "; tensors are: " + listed(tensorNames(state)));
    }

    private NamedTensor prunedPart(ModelState state, String qualifiedName) {
        for (String suffix : new String[] {"_orig", "_mask"}) {
            if (!qualifiedName.endsWith(suffix)) {
                continue;
            }
            String param = qualifiedName.substring(0, qualifiedName.length() - suffix.length());
            ParameterSlot slot = model.slot(param);
            ParameterState parameter = state.get(param);
            if (slot != null && parameter != null && parameter.isPruned()) {
                PrunedParameter pruned = parameter.pruned();
                float[] values = suffix.equals("_orig") ? pruned.orig() : pruned.mask().toFloats();
                return new NamedTensor(qualifiedName, slot.handle().shape(), values);
            }
        }
        return null;
    }

    private List<String> tensorNames(ModelState state) {
        List<String> names = new ArrayList<>();
        for (ModuleNode node : model.tree().namedModules()) {
            for (ParameterHandle buffer : node.buffers()) {
                names.add(node.qualify(buffer.name()));
            }
        }
        for (ParameterSlot slot : model.slots().values()) {
            names.add(slot.qualifiedName());
            ParameterState parameter = state.get(slot.qualifiedName());
            if (parameter != null && parameter.isPruned()) {
                names.add(slot.qualifiedName() + "_orig");
                names.add(slot.qualifiedName() + "_mask");
            }
        }
        return names;
    }

    /**
     * What PyTorch prints for {@code print(list(module.named_parameters()))} and then
     * {@code print(list(module.named_buffers()))}: two lines, for a person comparing with a Python session; then,
     * where the framework names some parameters otherwise (an ONNX initializer {@code onnx::MatMul_787}), a third,
     * a Python comment, pairing each such parameter with that name, since either name is accepted; and for the
     * whole model, one comment per framework tensor that is no parameter, with the reason it cannot be pruned.
     */
    public String describe(String module) {
        List<NamedTensor> parameters = parameters(module);
        List<NamedTensor> buffers = buffers(module);
        List<String> pairs = new ArrayList<>();
        otherNames(module).forEach((name, other) -> pairs.add(name + "=" + other));
        StringBuilder text = new StringBuilder(TensorRepr.namedParameters(names(parameters), values(parameters),
                shapes(parameters))).append("\n").append(TensorRepr.namedBuffers(names(buffers), values(buffers),
                shapes(buffers)));
        if (!pairs.isEmpty()) {
            text.append("\n# the framework's names: ").append(String.join(", ", pairs));
        }
        if (module.isEmpty()) {
            notParameters().forEach((name, reason) -> text.append("\n# not a parameter, cannot be pruned: ")
                    .append(name).append(": ").append(reason));
        }
        return text.toString();
    }

    /**
     * The framework's own names of the parameters under {@code module} that it names otherwise
     * ({@code query.weight=onnx::MatMul_787}), keyed by name relative to {@code module}, in listing order; empty for
     * a framework without other names.
     */
    public Map<String, String> otherNames(String module) {
        ModuleNode top = module(module);
        Map<String, String> pairs = new LinkedHashMap<>();
        for (ModuleNode node : top.namedModules()) {
            for (ParameterHandle handle : node.parameters()) {
                String other = model.otherName(node.qualify(handle.name()));
                if (other != null) {
                    String prefix = top.relativeName(node);
                    pairs.put(prefix.isEmpty() ? handle.name() : prefix + "." + handle.name(), other);
                }
            }
        }
        return pairs;
    }

    /**
     * The framework's tensors that are no parameter (an ONNX model's integer shapes, quantized weights, unused
     * initializers), each with the reason it cannot be pruned, in the framework's order.
     */
    public Map<String, String> notParameters() {
        liveState();
        return model.notParameters();
    }

    /**
     * What PyTorch's "Invalid index" leaves out: which argument was wrong and its valid range, e.g.
     * {@code dim=5 is out of range: fc1.weight has 2 dims, so dim must be in [-2, 1]}.
     */
    static String dimOutOfRange(String param, int dim, int dims) {
        return "dim=" + dim + " is out of range: " + param + " has " + dims + " dims, so dim must be in [" + (-dims)
                + ", " + (dims - 1) + "]";
    }

    /**
     * The slices along {@code dim} of a parameter that its mask prunes entirely, ascending: "which channels
     * were cut?". Empty for an unpruned parameter.
     */
    public int[] prunedChannels(String name, int dim) {
        String param = model.qualifiedName(name);
        ParameterSlot slot = param == null ? null : model.slot(param);
        if (slot == null) {
            throw new IllegalArgumentException("no parameter '" + param + "' in model " + model.name()
                    + "; parameters are: " + listed(model.parameterNames()));
        }
        Shape shape = slot.handle().shape();
        int d = shape.normalizeDim(dim);
        if (d < 0 || d >= shape.dim()) {
            throw new IndexOutOfBoundsException("Invalid index " + dim + " for tensor of size " + shape + " ("
                    + dimOutOfRange(param, dim, shape.dim()) + ")");
        }
        ParameterState parameter = liveState().get(param);
        if (parameter == null || !parameter.isPruned()) {
            return new int[0];
        }
        boolean[] alive = kernels.channelsAlive(parameter.pruned().mask(), shape.dims(), d);
        int count = 0;
        for (boolean kept : alive) {
            count += kept ? 0 : 1;
        }
        int[] cut = new int[count];
        for (int c = 0, i = 0; c < alive.length; c++) {
            if (!alive[c]) {
                cut[i++] = c;
            }
        }
        return cut;
    }

    /** The number of zeros in a tensor (0.0 and -0.0), as listings show next to each tensor. */
    public long zeros(NamedTensor tensor) {
        return kernels.countZeros(tensor.values());
    }

    /** The module of that qualified name ({@code ""} is the root). */
    public ModuleNode module(String name) {
        for (ModuleNode node : model.tree().namedModules()) {
            if (node.name().equals(name)) {
                return node;
            }
        }
        List<String> names = new ArrayList<>();
        for (ModuleNode node : model.tree().namedModules()) {
            names.add(node.name().isEmpty() ? "\"\" (the root)" : node.name());
        }
        throw new IllegalArgumentException("no module '" + name + "' in model " + model.name()
                + "; modules are: " + listed(names));
    }

    /** A list of names for an error text, cut short for big models. */
    static String listed(List<String> names) {
        if (names.size() <= MAX_LISTED_NAMES) {
            return String.join(", ", names);
        }
        return String.join(", ", names.subList(0, MAX_LISTED_NAMES)) + ", ... ("
                + (names.size() - MAX_LISTED_NAMES) + " more)";
    }

    private ModelState liveState() {
        if (!model.isAlive()) {
            throw new IllegalStateException("model " + model.name() + " is gone: the app no longer holds it");
        }
        return model.published();
    }

    private List<ParameterSlot> ordered(ModuleNode node, ModelState state) {
        List<ParameterSlot> slots = new ArrayList<>();
        for (ParameterHandle handle : node.parameters()) {
            ParameterSlot slot = model.slot(node.qualify(handle.name()));
            if (slot != null && slot.module() == node) {
                slots.add(slot);
            }
        }
        slots.sort(Comparator.comparingLong(slot -> order(slot, state)));
        return slots;
    }

    private static long order(ParameterSlot slot, ModelState state) {
        ParameterState parameter = state.get(slot.qualifiedName());
        return parameter == null ? slot.discoveryIndex() : parameter.order();
    }

    private float[] currentValues(ParameterSlot slot, ParameterState parameter) {
        Object value = parameter != null ? parameter.original() : slot.handle().read();
        if (value == null) {
            throw new IllegalStateException("model " + model.name() + " is gone: the app no longer holds it");
        }
        return slot.handle().values(value);
    }

    private float[] bufferValues(ParameterHandle buffer) {
        Object value = buffer.read();
        if (value == null) {
            throw new IllegalStateException("model " + model.name() + " is gone: the app no longer holds it");
        }
        return buffer.values(value);
    }

    private static NamedTensor named(ModuleNode top, ModuleNode node, String local, ParameterSlot slot,
                                     float[] values) {
        String prefix = top.relativeName(node);
        return new NamedTensor(prefix.isEmpty() ? local : prefix + "." + local, slot.handle().shape(), values);
    }

    private static List<String> names(List<NamedTensor> tensors) {
        return tensors.stream().map(NamedTensor::name).toList();
    }

    private static List<float[]> values(List<NamedTensor> tensors) {
        return tensors.stream().map(NamedTensor::values).toList();
    }

    private static List<Shape> shapes(List<NamedTensor> tensors) {
        return tensors.stream().map(NamedTensor::shape).toList();
    }
}
