package io.jprune.runtime.jmx;

import io.jprune.kernels.Kernels;
import io.jprune.runtime.api.Compactor;
import io.jprune.runtime.api.NamedTensor;
import io.jprune.runtime.api.NamedTensors;
import io.jprune.runtime.api.Pruner;
import io.jprune.runtime.model.Model;
import io.jprune.runtime.model.ModelState;
import io.jprune.runtime.prune.Amount;
import io.jprune.runtime.prune.NormOrder;
import io.jprune.runtime.prune.PruningArguments;
import io.jprune.runtime.prune.PruningCall;
import io.jprune.runtime.prune.PruningMethods;
import io.jprune.runtime.spi.ActivationForm;
import io.jprune.runtime.structure.StructureReport;
import io.jprune.runtime.sweep.LiveMetric;
import io.jprune.runtime.sweep.LiveSweep;
import io.jprune.runtime.sweep.LiveSweepReport;
import io.jprune.runtime.sweep.Sweep;
import io.jprune.runtime.sweep.SweepReport;
import io.jprune.runtime.sweep.SweepSettings;
import io.jprune.runtime.tensor.Shape;
import io.jprune.runtime.tensor.TensorRepr;
import io.jprune.runtime.text.FloatText;
import io.jprune.runtime.trace.RootForward;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The {@link ModelMXBean} of one model: parses the text arguments a console sends and hands them to
 * {@link Pruner} and {@link NamedTensors}; nothing else. Its pruning operations keep the typed signatures
 * consoles show, and each is one row of {@link PruningMethods} with its arguments. Only exceptions of the JDK's own types leave it,
 * so that a console without jprune's classes can show every error.
 */
public final class ModelBean implements ModelMXBean {
    private final Model model;
    private final Pruner pruner;
    private final NamedTensors tensors;
    private final Compactor compactor;
    private final Kernels kernels;
    private final ChangeNotifications notifications;
    /** How long each step of a live sweep runs before the metric is read, when the caller gives 0. */
    private static final double DEFAULT_SETTLE_SECONDS = 5;
    /** The longest settle time a live sweep takes: a longer one is a mistyped unit. */
    private static final double MAX_SETTLE_SECONDS = 3600;

    /** Cancels the sweep running on this model, private or live. */
    private final AtomicReference<Runnable> sweep = new AtomicReference<>();

    /**
     * @param model   the model this bean shows
     * @param kernels where masks are computed
     */
    public ModelBean(Model model, Kernels kernels) {
        this(model, kernels, new ChangeNotifications(MBeanPublisher.modelObjectName(model.name())));
    }

    /**
     * @param model         the model this bean shows
     * @param kernels       where masks are computed
     * @param notifications where the model's changes are sent as JMX notifications
     */
    public ModelBean(Model model, Kernels kernels, ChangeNotifications notifications) {
        this.model = Objects.requireNonNull(model, "model");
        this.kernels = Objects.requireNonNull(kernels, "kernels");
        this.pruner = new Pruner(model, kernels);
        this.tensors = new NamedTensors(model, kernels);
        this.compactor = new Compactor(model);
        this.notifications = Objects.requireNonNull(notifications, "notifications");
        model.changeLog().subscribe(notifications::changed);
    }

    /** The notifications this bean sends: one per change of the model, and a sweep's progress. */
    public ChangeNotifications notifications() {
        return notifications;
    }

    /** The model behind the bean. */
    public Model model() {
        return model;
    }

    @Override
    public ModuleInfo[] namedModules() {
        return call(() -> tensors.modules().stream()
                .map(node -> new ModuleInfo(node.name(), node.type(), node.repr()))
                .toArray(ModuleInfo[]::new));
    }

    @Override
    public TensorInfo[] namedParameters(String module) {
        return call(() -> {
            Map<String, String> otherNames = tensors.otherNames(module);
            return tensors.parameters(module).stream().map(t -> info(t, otherName(otherNames, t.name())))
                    .toArray(TensorInfo[]::new);
        });
    }

    /** The framework's name of a listed parameter; a pruned one is listed as {@code weight_orig}. */
    private static String otherName(Map<String, String> otherNames, String listed) {
        String other = otherNames.get(listed);
        return other != null || !listed.endsWith("_orig") ? other
                : otherNames.get(listed.substring(0, listed.length() - "_orig".length()));
    }

    @Override
    public TensorInfo[] namedBuffers(String module) {
        return call(() -> infos(tensors.buffers(module)));
    }

    private TensorInfo[] infos(List<NamedTensor> named) {
        return named.stream().map(t -> info(t, null)).toArray(TensorInfo[]::new);
    }

    private TensorInfo info(NamedTensor tensor, String otherName) {
        return new TensorInfo(tensor.name(), tensor.shape().dims(), tensor.shape().numel(), tensors.zeros(tensor),
                otherName);
    }

    @Override
    public float[] tensor(String name) {
        return call(() -> tensors.tensor(name).values().clone());
    }

    @Override
    public String describe(String module) {
        return call(() -> tensors.describe(module));
    }

    @Override
    public ModuleInfo[] getNamedModules() {
        return namedModules();
    }

    @Override
    public TensorInfo[] getNamedParameters() {
        return namedParameters("");
    }

    @Override
    public TensorInfo[] getNamedBuffers() {
        return namedBuffers("");
    }

    @Override
    public boolean isPruned() {
        return call(model::isPruned);
    }

    @Override
    public int[] prunedChannels(String param, int dim) {
        return call(() -> tensors.prunedChannels(param, dim));
    }

    @Override
    public String randomUnstructured(String param, String amount, long seed) {
        return prune(PruningMethods.RANDOM_UNSTRUCTURED, param, () -> amount(amount).withSeed(seed));
    }

    @Override
    public String l1Unstructured(String param, String amount) {
        return l1Unstructured(param, amount, (float[]) null);
    }

    @Override
    public String l1Unstructured(String param, String amount, float[] importanceScores) {
        return prune(PruningMethods.L1_UNSTRUCTURED, param,
                () -> amount(amount).withImportanceScores(importanceScores));
    }

    @Override
    public String randomStructured(String param, String amount, int dim, long seed) {
        return prune(PruningMethods.RANDOM_STRUCTURED, param, () -> amount(amount).withDim(dim).withSeed(seed));
    }

    @Override
    public String lnStructured(String param, String amount, String n, int dim) {
        return lnStructured(param, amount, n, dim, (float[]) null);
    }

    @Override
    public String lnStructured(String param, String amount, String n, int dim, float[] importanceScores) {
        return prune(PruningMethods.LN_STRUCTURED, param, () -> amount(amount).withN(normOrder(n)).withDim(dim)
                .withImportanceScores(importanceScores));
    }

    @Override
    public String globalUnstructured(String[] params, String method, String amount, long seed) {
        return call(() -> {
            List<String> names = params == null ? List.of() : Arrays.asList(params);
            PruningArguments arguments = amount(amount).withSeed(seed)
                    .withPruningMethod(PruningMethods.forGlobal(method));
            return pruner.globalUnstructured(names, arguments);
        });
    }

    @Override
    public String customFromMask(String param, float[] mask) {
        return prune(PruningMethods.CUSTOM_FROM_MASK, param, () -> PruningArguments.NONE.withMask(mask));
    }

    @Override
    public String customFromMasks(String[] params, float[][] masks) {
        return call(() -> {
            if (params == null || masks == null || params.length != masks.length || params.length == 0) {
                throw new IllegalArgumentException("give one mask per parameter and at least one parameter; got "
                        + (params == null ? 0 : params.length) + " parameters and " + (masks == null ? 0 : masks.length)
                        + " masks");
            }
            List<Function<Pruner, String>> calls = new ArrayList<>();
            for (int i = 0; i < params.length; i++) {
                String param = params[i];
                float[] mask = masks[i];
                calls.add(pruner -> pruner.customFromMask(param, mask));
            }
            return String.join("\n", pruner.inOneChange(calls));
        });
    }

    @Override
    public String customFromMasks(String params, String masks) {
        return call(() -> {
            String[] names = params == null ? new String[0] : params.split(",");
            String[] given = masks == null ? new String[0] : masks.split(";");
            if (names.length != given.length) {
                throw new IllegalArgumentException("give one mask per parameter, separated by ';': got "
                        + names.length + " parameters and " + given.length + " masks");
            }
            float[][] values = new float[names.length][];
            for (int i = 0; i < names.length; i++) {
                names[i] = names[i].trim();
                values[i] = FloatText.valuesOrFile(given[i], "mask for " + names[i]);
            }
            return customFromMasks(names, values);
        });
    }

    @Override
    public PruningStep[] pruningHistory() {
        return call(() -> {
            ModelState state = model.published();
            List<PruningCall> calls = state.history().orElseGet(() -> currentMasks(state));
            return calls.stream().map(PruningStep::of).toArray(PruningStep[]::new);
        });
    }

    /** One custom_from_mask per pruned parameter, in the order PyTorch lists them, with its current mask. */
    private List<PruningCall> currentMasks(ModelState state) {
        List<PruningCall> calls = new ArrayList<>();
        for (NamedTensor buffer : tensors.buffers("")) {
            String param = buffer.name().substring(0, buffer.name().length() - "_mask".length());
            if (state.get(param) != null && state.get(param).isPruned()) {
                calls.add(new PruningCall(PruningMethods.CUSTOM_FROM_MASK.pytorchName(), List.of(param),
                        PruningArguments.NONE.withMask(buffer.values())));
            }
        }
        return calls;
    }

    @Override
    public String identity(String param) {
        return prune(PruningMethods.IDENTITY, param, () -> PruningArguments.NONE);
    }

    /** One prune through {@link Pruner#prune}, its text arguments parsed inside the call so errors are the JDK's. */
    private String prune(PruningMethods method, String param, Supplier<PruningArguments> arguments) {
        return call(() -> pruner.prune(method, param, arguments.get()));
    }

    @Override
    public String remove(String param) {
        return call(() -> pruner.remove(param));
    }

    @Override
    public String restore(String param) {
        return call(() -> pruner.restore(param));
    }

    @Override
    public String restore() {
        return call(pruner::restore);
    }

    @Override
    public StructureReport structure() {
        return call(compactor::structure);
    }

    @Override
    public String compact() {
        return call(compactor::compact);
    }

    @Override
    public float[] forward(float[] input) {
        return call(() -> {
            if (input == null) {
                throw new IllegalArgumentException("input is missing: give the root forward's float[] input");
            }
            ActivationForm form = model.activations();
            Object argument = form.fromFloats(input.clone());
            if (argument == null) {
                throw new IllegalStateException("model " + model.name() + ": its adapter cannot make a forward "
                        + "input from floats alone");
            }
            Object output = new RootForward(model).run(argument);
            float[] values = output == null ? null : form.floats(output);
            if (values != null) {
                return values.clone();
            }
            throw new IllegalStateException("the root forward of model " + model.name() + " returned "
                    + (output == null ? "nothing" : output.getClass().getName()) + ", not a tensor");
        });
    }

    @Override
    public SweepReport sweep(String params, String amounts, String method, String n, int dim, int inputs,
                             double cpuShare, String output) {
        return call(() -> {
            SweepSettings settings = SweepSettings.parse(params, amounts, method, n, dim, inputs, cpuShare, output);
            Sweep running = new Sweep(model, kernels, settings, notifications::progress);
            return alone(running::cancel, running::run);
        });
    }

    @Override
    public LiveSweepReport liveSweep(String params, String amounts, String method, String n, int dim, String metric,
                                     double floor, double settleSeconds, long settleForwards) {
        return call(() -> {
            SweepSettings settings = SweepSettings.parse(params, amounts, method, n, dim, 0, 0, "");
            if (!(settleSeconds >= 0 && settleSeconds <= MAX_SETTLE_SECONDS)) {
                throw new IllegalArgumentException("settleSeconds must be between 0 (for " + DEFAULT_SETTLE_SECONDS
                        + ") and " + MAX_SETTLE_SECONDS + ", got " + settleSeconds);
            }
            Duration settle = Duration.ofMillis(Math.round(1000 * (settleSeconds == 0 ? DEFAULT_SETTLE_SECONDS
                    : settleSeconds)));
            LiveSweep running = new LiveSweep(model, kernels, settings, LiveMetric.parse(metric), floor, settle,
                    settleForwards, notifications::progress);
            return alone(running::cancel, running::run);
        });
    }

    /** Runs one sweep of this model, refusing a second while it runs. */
    private <T> T alone(Runnable cancel, Supplier<T> sweeping) {
        if (!sweep.compareAndSet(null, cancel)) {
            throw new IllegalStateException("a sweep of model " + model.name() + " is already running; wait for "
                    + "it or cancel it with cancelSweep()");
        }
        try {
            return sweeping.get();
        } finally {
            sweep.set(null);
        }
    }

    @Override
    public boolean cancelSweep() {
        Runnable running = sweep.get();
        if (running == null) {
            return false;
        }
        running.run();
        return true;
    }

    /** The arguments with a text {@code amount} parsed: {@code "16"} a count, {@code "0.3"} a fraction. */
    private static PruningArguments amount(String text) {
        if (text == null) {
            throw new IllegalArgumentException("amount is missing: give a count such as \"16\" or a fraction such "
                    + "as \"0.3\"");
        }
        return PruningArguments.NONE.withAmount(Amount.parse(text.trim()));
    }

    private static NormOrder normOrder(String text) {
        if (text == null) {
            throw new IllegalArgumentException("n is missing: give the norm, e.g. 1, 2, inf, -inf or fro");
        }
        return NormOrder.parse(text.trim());
    }

    /**
     * Runs a call, turning any exception of a non-JDK type into an {@link IllegalStateException} with the same
     * text, since a remote console could not deserialise jprune's own classes.
     */
    private static <T> T call(Supplier<T> body) {
        try {
            return body.get();
        } catch (RuntimeException e) {
            if (e.getClass().getName().startsWith("java.")) {
                throw e;
            }
            throw new IllegalStateException(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    @Override
    public String getModulesText() {
        return Listings.modules(namedModules());
    }

    @Override
    public String getParametersText() {
        return Listings.tensors(getNamedParameters()) + Listings.notParameters(getNotParameters());
    }

    @Override
    public Map<String, String> getNotParameters() {
        return call(tensors::notParameters);
    }

    @Override
    public String getBuffersText() {
        TensorInfo[] buffers = getNamedBuffers();
        return buffers.length == 0 ? "no buffers: no parameter is pruned\n" : Listings.tensors(buffers);
    }

    @Override
    public String tensorText(String name) {
        return call(() -> {
            NamedTensor tensor = tensors.tensor(name);
            long zeros = tensors.zeros(tensor);
            int numel = tensor.shape().numel();
            return TensorRepr.tensor(tensor.values(), tensor.shape()) + "\n" + String.format(Locale.ROOT,
                    "%s: shape %s, %d of %d values zero (%.1f%%)", name, tensor.shape(), zeros, numel,
                    numel == 0 ? 0.0 : 100.0 * zeros / numel);
        });
    }

    @Override
    public String structureText() {
        return call(() -> compactor.structure().render());
    }

    @Override
    public String exportModel(String file) {
        return call(() -> compactor.exportModel(file));
    }

    @Override
    public String globalUnstructured(String params, String method, String amount, long seed) {
        return globalUnstructured(params == null ? null : names(params), method, amount, seed);
    }

    /** {@code "conv1.weight, fc1.weight"} as names; blanks between commas are ignored. */
    private static String[] names(String commaSeparated) {
        return Arrays.stream(commaSeparated.split(",")).map(String::trim).filter(name -> !name.isEmpty())
                .toArray(String[]::new);
    }

    @Override
    public String customFromMask(String param, String mask) {
        return call(() -> customFromMask(param, FloatText.valuesOrFile(mask, "mask")));
    }

    @Override
    public String l1Unstructured(String param, String amount, String importanceScores) {
        return call(() -> l1Unstructured(param, amount,
                FloatText.valuesOrFile(importanceScores, "importance_scores")));
    }

    @Override
    public String lnStructured(String param, String amount, String n, int dim, String importanceScores) {
        return call(() -> lnStructured(param, amount, n, dim,
                FloatText.valuesOrFile(importanceScores, "importance_scores")));
    }

    @Override
    public String forwardText(String input) {
        return call(() -> {
            float[] output = forward(FloatText.valuesOrFile(input, "input"));
            return TensorRepr.tensor(output, Shape.of(output.length));
        });
    }
}
