package io.jprune.runtime.api;

import io.jprune.kernels.BitMask;
import io.jprune.kernels.Kernels;
import io.jprune.runtime.diagnostics.DiagnosticLog;
import io.jprune.runtime.diagnostics.FaultInjection;
import io.jprune.runtime.model.Model;
import io.jprune.runtime.model.ModelState;
import io.jprune.runtime.model.ParameterSlot;
import io.jprune.runtime.model.ParameterState;
import io.jprune.runtime.prune.Amount;
import io.jprune.runtime.prune.CustomFromMask;
import io.jprune.runtime.prune.GlobalUnstructured;
import io.jprune.runtime.prune.NormOrder;
import io.jprune.runtime.prune.PrunedParameter;
import io.jprune.runtime.prune.PruningArgument;
import io.jprune.runtime.prune.PruningArguments;
import io.jprune.runtime.prune.PruningCall;
import io.jprune.runtime.prune.PruningMethod;
import io.jprune.runtime.prune.PruningMethods;
import io.jprune.runtime.record.ChangeKind;
import io.jprune.runtime.spi.ParameterHandle;
import io.jprune.runtime.tensor.Shape;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * {@code torch.nn.utils.prune}'s functional API on one model of the app, addressed by qualified parameter
 * names ({@code conv1.weight}) instead of {@code (module, name)} pairs. Each call either completes and
 * publishes one new generation of the model (which the app's next forward picks up for every layer at
 * once) or throws and leaves the model exactly as it was; PyTorch's own quirk of dropping the hook on a
 * failed re-prune is deliberately not copied.
 *
 * <p>Every call returns one line for a person, e.g.
 * {@code conv1.weight: random_unstructured amount=0.3 -> 16 of 54 pruned (29.6%)}.
 */
public final class Pruner {
    private final Model model;
    private final Kernels kernels;
    /** Set on the pruner that runs the calls of {@link #inOneChange}: its changes go here, not to the model. */
    private final Staging staging;

    /**
     * @param model   the model to prune
     * @param kernels where masks are computed (CPU or GPU)
     */
    public Pruner(Model model, Kernels kernels) {
        this(model, FaultInjection.kernels(Objects.requireNonNull(kernels, "kernels")), null);
    }

    private Pruner(Model model, Kernels kernels, Staging staging) {
        this.model = Objects.requireNonNull(model, "model");
        this.kernels = kernels;
        this.staging = staging;
    }

    /** The generation being built by {@link #inOneChange}, and what its calls dropped. */
    private static final class Staging {
        private ModelState state;
        private final List<PrunedParameter> dropped = new ArrayList<>();

        Staging(ModelState state) {
            this.state = state;
        }
    }

    /**
     * Several calls of this API as one change, all or none: each call sees what the calls before it did, and the
     * app gets the result of all of them in one generation, or, when any call throws, nothing (the model is as it
     * was and the exception is the failing call's). For a plan rolled out at start-up and for masks imported
     * together: a half-applied plan would be a model nobody asked for.
     *
     * @param calls each runs on a pruner whose changes are staged, and returns its summary
     * @return the summaries, in the order of the calls
     */
    public List<String> inOneChange(List<Function<Pruner, String>> calls) {
        List<PrunedParameter> dropped = new ArrayList<>();
        List<String> summaries = change(current -> {
            Staging staged = new Staging(current);
            Pruner pruner = new Pruner(model, kernels, staged);
            List<String> each = new ArrayList<>();
            for (Function<Pruner, String> call : calls) {
                each.add(call.apply(pruner));
            }
            dropped.addAll(staged.dropped);
            return new Model.Outcome<>(staged.state, List.copyOf(each));
        });
        dropped.forEach(this::release);
        return summaries;
    }

    /** Publishes a change, or stages it when this pruner runs the calls of {@link #inOneChange}. */
    private <R> R change(Model.StateChange<R> change) {
        if (staging == null) {
            return model.change(change);
        }
        Model.Outcome<R> outcome = change.apply(staging.state);
        staging.state = outcome.next();
        return outcome.result();
    }

    /**
     * Makes a change and records it (a JFR event and a notification of the model's MBean). The calls of
     * {@link #inOneChange} are staged, not recorded one by one: only a change the app gets is on record.
     */
    private String recorded(RecordedChange record, Model.StateChange<String> change) {
        return staging == null ? record.run(model, change) : change(change);
    }

    /**
     * Any per-parameter function of {@link PruningMethods}, e.g. {@code prune(LN_STRUCTURED, "conv1.weight",
     * NONE.withAmount(...).withN(...).withDim(0))}: the one path every surface's prune takes, so that the table's
     * row is all a method needs. The method's own checks come first (PyTorch validates in the constructor),
     * except for a mask, which is checked against the parameter it is for.
     */
    public String prune(PruningMethods method, String name, PruningArguments arguments) {
        String param = model.qualifiedName(name);
        if (method.overSeveralParameters()) {
            throw new IllegalArgumentException(method.pytorchName() + " prunes several parameters: call "
                    + "globalUnstructured");
        }
        if (method.takes(PruningArgument.MASK)) {
            checkMask(param, arguments);
        }
        try {
            PruningMethod constructed = method.construct(arguments);
            String label = method.label(arguments);
            String amount = method.takes(PruningArgument.AMOUNT) ? String.valueOf(arguments.amount()) : "";
            slotOf(param);
            RecordedChange record = new RecordedChange(ChangeKind.PRUNE, List.of(param),
                    label.replace(" amount=" + amount, ""), amount);
            return apply(param, constructed, arguments.importanceScores(), label, record,
                    new PruningCall(method.pytorchName(), List.of(param), arguments));
        } catch (IllegalArgumentException e) {
            throw method.takes(PruningArgument.N) ? namingN(e, arguments.n(), param) : e;
        } catch (IndexOutOfBoundsException e) {
            throw method.takes(PruningArgument.DIM) ? namingDim(e, arguments.dim(), param) : e;
        }
    }

    /**
     * PyTorch's "Invalid index 5 for tensor of size torch.Size([120, 400])" does not say which argument was
     * wrong; its text is kept and the argument and its valid range added.
     */
    private IndexOutOfBoundsException namingDim(IndexOutOfBoundsException e, int dim, String param) {
        String message = e.getMessage();
        if (message == null || !(message.startsWith("Invalid index") || message.startsWith("Index is out of bounds"))) {
            return e;
        }
        int dims = slotOf(param).handle().shape().dim();
        return new IndexOutOfBoundsException(message + " (" + NamedTensors.dimOutOfRange(param, dim, dims) + ")");
    }

    /** {@code prune.random_unstructured(module, name, amount)}, with a seed so that a prune can be repeated. */
    public String randomUnstructured(String param, Amount amount, long seed) {
        return prune(PruningMethods.RANDOM_UNSTRUCTURED, param,
                PruningArguments.NONE.withAmount(amount).withSeed(seed));
    }

    /** {@code prune.l1_unstructured(module, name, amount, importance_scores)}; scores may be {@code null}. */
    public String l1Unstructured(String param, Amount amount, float[] importanceScores) {
        return prune(PruningMethods.L1_UNSTRUCTURED, param,
                PruningArguments.NONE.withAmount(amount).withImportanceScores(importanceScores));
    }

    /** {@code prune.random_structured(module, name, amount, dim)}, seeded. */
    public String randomStructured(String param, Amount amount, int dim, long seed) {
        return prune(PruningMethods.RANDOM_STRUCTURED, param,
                PruningArguments.NONE.withAmount(amount).withDim(dim).withSeed(seed));
    }

    /** {@code prune.ln_structured(module, name, amount, n, dim, importance_scores)}; scores may be {@code null}. */
    public String lnStructured(String param, Amount amount, NormOrder n, int dim, float[] importanceScores) {
        return prune(PruningMethods.LN_STRUCTURED, param, PruningArguments.NONE.withAmount(amount).withN(n)
                .withDim(dim).withImportanceScores(importanceScores));
    }

    /**
     * PyTorch's matrix-norm error does not say that {@code n} is the culprit; its text is kept and the reason
     * added, so that a person who passed {@code n=nuc} for a conv weight sees what to change.
     */
    private IllegalArgumentException namingN(IllegalArgumentException e, NormOrder n, String param) {
        String message = e.getMessage();
        if (message == null || !message.startsWith("linalg.matrix_norm:")) {
            return e;
        }
        int dims = slotOf(param).handle().shape().dim();
        String needs = n.toString().equals("nuc") ? "n=nuc is a matrix norm: ln_structured can use it only on a "
                + "3-D parameter" : "n=fro is a matrix norm beyond 3-D: use n=2 for the same norm";
        return new IllegalArgumentException(message + " (" + needs + "; " + param + " has " + dims + " dims)");
    }

    /** {@code prune.identity(module, name)}: reparametrizes with a mask of ones. */
    public String identity(String param) {
        return prune(PruningMethods.IDENTITY, param, PruningArguments.NONE);
    }

    /**
     * {@code prune.custom_from_mask(module, name, mask)} with the mask flat and row-major; every value must be
     * exactly 0 or 1, since a 1-bit mask cannot scale a weight.
     */
    public String customFromMask(String param, float[] mask) {
        return prune(PruningMethods.CUSTOM_FROM_MASK, param, PruningArguments.NONE.withMask(mask));
    }

    /** A mask must be given, one value per entry of the parameter; checked before the mask becomes bits. */
    private void checkMask(String param, PruningArguments arguments) {
        ParameterSlot slot = slotOf(param);
        Shape shape = slot.handle().shape();
        float[] mask;
        try {
            mask = arguments.mask();
        } catch (IllegalArgumentException missing) {
            throw new IllegalArgumentException("mask is missing: give one 0 or 1 per entry of " + param + " ("
                    + shape + ")");
        }
        if (mask.length != shape.numel()) {
            throw new IllegalArgumentException("mask has " + mask.length + " values but " + param + " has "
                    + shape.numel() + " (" + shape + ")");
        }
    }

    /**
     * PyTorch's {@code BasePruningMethod.apply}: the first prune of a parameter keeps the app's values as
     * {@code weight_orig}; later prunes go through PyTorch's {@code PruningContainer} rules.
     *
     * @param importanceScores flat row-major scores, or {@code null} for the parameter's current values
     */
    public String apply(String name, PruningMethod method, float[] importanceScores) {
        String param = model.qualifiedName(name);
        slotOf(param);
        return apply(param, method, importanceScores, method.toString(),
                new RecordedChange(ChangeKind.PRUNE, List.of(param), method.toString(), ""), null);
    }

    /** @param call the call as the model's history keeps it; {@code null} when no call describes it */
    private String apply(String param, PruningMethod method, float[] importanceScores, String what,
                         RecordedChange record, PruningCall call) {
        ParameterSlot slot = slotOf(param);
        return recorded(record, current -> {
            ModelState next = withPruned(current, slot, method, importanceScores).withCall(call);
            PrunedParameter pruned = next.get(param).pruned();
            return new Model.Outcome<>(next, param + ": " + what + " -> "
                    + pruned(prunedZeros(current, param), pruned.zeros(), numel(slot)));
        });
    }

    /** How many entries the mask of {@code param} prunes in {@code state}: 0 when it is not pruned there. */
    private static int prunedZeros(ModelState state, String param) {
        ParameterState parameter = state.get(param);
        return parameter != null && parameter.isPruned() ? parameter.pruned().zeros() : 0;
    }

    private ModelState withPruned(ModelState current, ParameterSlot slot, PruningMethod method, float[] scores) {
        ParameterState state = current.get(slot.qualifiedName());
        ParameterHandle handle = slot.handle();
        boolean first = state == null || !state.isPruned();
        Object original = state != null ? state.original() : handle.read();
        if (original == null) {
            throw gone();
        }
        String param = slot.qualifiedName();
        int numel = numel(slot);
        ParameterState next = computing("pruning " + param, numel, () -> {
            FaultInjection.beforeMaskedCopy(param, numel);
            PrunedParameter pruned = first
                    ? PrunedParameter.prune(original, handle, handle.shape(), method, scores, kernels)
                    : state.pruned().prune(method, scores, kernels);
            long order = first ? current.nextOrder() : state.order();
            return new ParameterState(original, pruned, order, state != null && state.removed());
        });
        return current.with(param, next, first);
    }

    /**
     * Runs one computation of a change, before anything is published. A bad argument passes through with
     * PyTorch's text; anything else (a failing kernel, a full heap) means jprune could not do its part, which
     * the caller hears about in words, with the parameter named, while the app keeps its weights. The
     * original throwable is not attached: a remote console could not read jprune's or a GPU library's types.
     */
    private <T> T computing(String what, long numel, Supplier<T> computation) {
        try {
            return computation.get();
        } catch (IllegalArgumentException | IndexOutOfBoundsException badArgument) {
            throw badArgument;
        } catch (OutOfMemoryError e) {
            throw new IllegalStateException("not enough memory for " + what + " (" + numel + " values, "
                    + (numel * Float.BYTES) + " bytes per copy): " + e + "; the model is unchanged and the app "
                    + "keeps its current weights");
        } catch (RuntimeException e) {
            DiagnosticLog.failureOnce(what + " on " + kernels.description(), e);
            throw new IllegalStateException(what + " failed on " + kernels.description() + ": " + e
                    + "; the model is unchanged and the app keeps its current weights");
        }
    }

    /**
     * {@code prune.global_unstructured} over parameters of this model: one ranking over all of them, in the
     * given order, then a {@code CustomFromMask} on each, as PyTorch does.
     *
     * @param method an unstructured method (see {@link PruningMethods#forGlobal})
     */
    public String globalUnstructured(List<String> params, PruningMethod method) {
        return globalUnstructured(qualifiedNames(params), method, null);
    }

    /**
     * {@code prune.global_unstructured} with PyTorch's arguments ({@code pruning_method}, {@code amount}, a seed
     * for a random ranking), kept in the model's history so that it can be replayed.
     */
    public String globalUnstructured(List<String> names, PruningArguments arguments) {
        List<String> params = qualifiedNames(names);
        PruningMethod method = PruningMethods.GLOBAL_UNSTRUCTURED.construct(arguments);
        // a missing name is refused with its own message before the call is kept
        PruningCall call = params == null || params.stream().anyMatch(Objects::isNull) ? null
                : new PruningCall(PruningMethods.GLOBAL_UNSTRUCTURED.pytorchName(), params, arguments);
        return globalUnstructured(params, method, call);
    }

    private String globalUnstructured(List<String> params, PruningMethod method, PruningCall call) {
        Objects.requireNonNull(method, "pruning_method");
        List<ParameterSlot> slots = distinctSlots(params);
        RecordedChange record = new RecordedChange(ChangeKind.PRUNE, List.copyOf(params),
                "global_unstructured " + method, "");
        return recorded(record, current -> {
            List<float[]> scores = new ArrayList<>();
            List<BitMask> defaultMasks = new ArrayList<>();
            for (ParameterSlot slot : slots) {
                ParameterState state = current.get(slot.qualifiedName());
                if (state != null && state.isPruned()) {
                    scores.add(state.pruned().weight());
                    defaultMasks.add(state.pruned().mask());
                } else {
                    scores.add(currentValues(slot, state));
                    defaultMasks.add(BitMask.ones(numel(slot)));
                }
            }
            long total = 0;
            for (float[] score : scores) {
                total += score.length;
            }
            List<BitMask> masks = computing("global_unstructured over " + slots.size() + " parameters", total,
                    () -> GlobalUnstructured.computeMasks(scores, defaultMasks, method, kernels));
            ModelState next = current;
            long before = 0;
            long zeros = 0;
            long numel = 0;
            List<String> each = new ArrayList<>();
            for (int i = 0; i < slots.size(); i++) {
                ParameterSlot slot = slots.get(i);
                int prunedBefore = prunedZeros(current, slot.qualifiedName());
                next = withPruned(next, slot, new CustomFromMask(masks.get(i)), null);
                int prunedHere = next.get(slot.qualifiedName()).pruned().zeros();
                before += prunedBefore;
                zeros += prunedHere;
                numel += numel(slot);
                each.add(slot.qualifiedName() + " " + pruned(prunedBefore, prunedHere, numel(slot)));
            }
            String summary = "global_unstructured " + method + " over " + slots.size() + " parameters -> "
                    + pruned(before, zeros, numel) + ": " + String.join(", ", each);
            return new Model.Outcome<>(next.withCall(call), summary);
        });
    }

    private List<ParameterSlot> distinctSlots(List<String> params) {
        if (params == null || params.isEmpty()) {
            throw new IllegalArgumentException("global_unstructured(): parameters must name at least one parameter");
        }
        Set<String> seen = new HashSet<>();
        List<ParameterSlot> slots = new ArrayList<>();
        for (String param : params) {
            if (!seen.add(param)) {
                throw new IllegalArgumentException("global_unstructured(): parameter '" + param + "' is given twice");
            }
            slots.add(slotOf(param));
        }
        return slots;
    }

    /**
     * {@code prune.remove(module, name)}: the masked values become the parameter for good (the app keeps the
     * masked array), {@code weight_orig} and {@code weight_mask} go, and the parameter is listed as
     * {@code weight} again, after the module's other parameters, as PyTorch re-registers it. The values
     * before the prune are freed, as in PyTorch, so {@code restore} cannot bring them back; it says so.
     */
    public String remove(String name) {
        String param = model.qualifiedName(name);
        ParameterSlot slot = slotOf(param);
        PrunedParameter[] dropped = new PrunedParameter[1];
        String summary = recorded(RecordedChange.of(ChangeKind.REMOVE, param), current -> {
            ParameterState state = current.get(param);
            if (state == null || !state.isPruned()) {
                throw new IllegalArgumentException("Parameter '" + param + "' has to be pruned before pruning can "
                        + "be removed" + (state != null && state.removed() ? ": remove() already made its pruning "
                        + "permanent" : ": it is not pruned"));
            }
            dropped[0] = state.pruned();
            ParameterState permanent = new ParameterState(state.appValue(), null, current.nextOrder(), true);
            int zeros = state.pruned().zeros();
            return new Model.Outcome<>(current.with(param, permanent, true)
                    .withCall(new PruningCall(PruningCall.REMOVE, List.of(param), PruningArguments.NONE)),
                    param + ": pruning made permanent -> " + pruned(0, zeros, numel(slot)) + "; "
                            + param + "_orig and " + param + "_mask are freed, so restore can no longer bring "
                            + param + "'s original values back");
        });
        release(dropped[0]);
        return summary;
    }

    /**
     * Undoes every prune of one parameter: the app gets back the very object it had before the first prune,
     * bit for bit, and the parameter is listed where it was. Not an error on an unpruned parameter: there is
     * simply nothing to undo.
     */
    public String restore(String name) {
        String param = model.qualifiedName(name);
        ParameterSlot slot = slotOf(param);
        PrunedParameter[] dropped = new PrunedParameter[1];
        String summary = recorded(RecordedChange.of(ChangeKind.RESTORE, param), current -> {
            ParameterState state = current.get(param);
            if (state == null || !state.isPruned()) {
                String why = cannotRestore(current, param);
                return new Model.Outcome<>(current, param + (why == null ? ": not pruned, nothing to restore"
                        : ": cannot restore: " + why));
            }
            dropped[0] = state.pruned();
            return new Model.Outcome<>(current.with(param, restored(slot, state), false).withoutCallsOn(param),
                    param + restoredTo(current, param, state));
        });
        if (dropped[0] != null) {
            release(dropped[0]);
        }
        return summary;
    }

    /** Undoes every prune of every parameter of the model in one generation: all layers come back at once. */
    public String restore() {
        if (!model.isAlive()) {
            throw gone();
        }
        List<PrunedParameter> dropped = new ArrayList<>();
        String summary = recorded(RecordedChange.of(ChangeKind.RESTORE), current -> {
            // compaction is undone in the same generation: the original arrays and int dims come back together
            ModelState uncompacted = current.uncompacted();
            ModelState next = uncompacted;
            List<String> names = new ArrayList<>();
            List<String> permanent = new ArrayList<>();
            for (ParameterSlot slot : model.slots().values()) {
                ParameterState state = uncompacted.get(slot.qualifiedName());
                if (state != null && state.isPruned()) {
                    next = next.with(slot.qualifiedName(), restored(slot, state), false);
                    names.add(slot.qualifiedName());
                    dropped.add(state.pruned());
                }
                if (state != null && state.removed()) {
                    permanent.add(slot.qualifiedName() + " (" + removedWhy(state, slot) + ")");
                }
            }
            String text = names.isEmpty() ? model.name() + ": not pruned, nothing to restore"
                    : model.name() + ": restored " + names.size() + (names.size() == 1 ? " parameter: " : " parameters: ")
                    + String.join(", ", names);
            if (uncompacted != current) {
                text = (names.isEmpty() ? model.name() + ":" : text + ";") + " undid the compaction of "
                        + String.join(", ", current.compaction().modules());
            }
            if (!permanent.isEmpty()) {
                text += "; cannot bring back " + String.join(", ", permanent);
            }
            return new Model.Outcome<>(next.withoutHistory(), text);
        });
        for (PrunedParameter pruned : dropped) {
            release(pruned);
        }
        return summary;
    }

    /**
     * Lets the kernels drop what they keep for a parameter that is no longer pruned. The change is already
     * published and installed by then, so a failure here is only logged: reporting it would tell the caller
     * that a restore which happened did not.
     */
    private void release(PrunedParameter dropped) {
        if (staging != null) {
            staging.dropped.add(dropped); // still in use until the whole change is published
            return;
        }
        try {
            dropped.release(kernels);
        } catch (RuntimeException | LinkageError e) {
            DiagnosticLog.failureOnce("releasing the kernels' copy of a parameter of model " + model.name(), e);
        }
    }

    private static ParameterState restored(ParameterSlot slot, ParameterState state) {
        return new ParameterState(state.original(), null, slot.discoveryIndex(), state.removed());
    }

    /** What {@code restore(param)} of a pruned parameter gave back: its original values, unless something stands between. */
    private static String restoredTo(ModelState current, String param, ParameterState state) {
        if (current.compaction() != null && current.compaction().before().containsKey(param)) {
            return ": restored the values compact() left; restore() of the whole model brings the original model back";
        }
        return state.removed() ? ": restored the values remove() made permanent; the values before that prune cannot "
                + "come back" : ": restored the original values";
    }

    /**
     * Why {@code restore(param)} cannot bring back an unpruned parameter's original values, or {@code null} when
     * they are what it holds: {@code remove} freed them, or a compaction holds them until {@code restore()}.
     */
    private String cannotRestore(ModelState current, String param) {
        if (current.compaction() != null && current.compaction().before().containsKey(param)) {
            return "compact() replaced it; restore() of the whole model brings the original model back";
        }
        ParameterState state = current.get(param);
        return state != null && state.removed() ? removedWhy(state, current.slot(model.slot(param))) : null;
    }

    /** Why a removed parameter cannot come back, with the zeros it keeps. */
    private static String removedWhy(ParameterState state, ParameterSlot slot) {
        float[] values = slot.handle().values(state.original());
        int zeros = 0;
        for (float value : values) {
            zeros += value == 0f ? 1 : 0;
        }
        return String.format(Locale.ROOT, "remove() made its pruning permanent and freed its original values; "
                + "%d of %d entries are zero", zeros, values.length);
    }

    /** The names given, each as its parameter's qualified name ({@link Model#qualifiedName}); nulls kept for the checks. */
    private List<String> qualifiedNames(List<String> names) {
        if (names == null) {
            return null;
        }
        List<String> qualified = new ArrayList<>(names.size());
        for (String name : names) {
            qualified.add(model.qualifiedName(name));
        }
        return qualified;
    }

    private ParameterSlot slotOf(String param) {
        if (!model.isAlive()) {
            throw gone();
        }
        if (param == null) {
            throw new IllegalArgumentException("param is missing: give a qualified parameter name; parameters are: "
                    + NamedTensors.listed(model.parameterNames()));
        }
        ParameterSlot slot = model.slot(param);
        String whyNot = slot == null ? model.whyNotAParameter(param) : null;
        if (whyNot != null) {
            throw new IllegalArgumentException(param + " cannot be pruned: " + whyNot);
        }
        if (slot == null) {
            throw new IllegalArgumentException("no parameter '" + param + "' in model " + model.name()
                    + "; parameters are: " + NamedTensors.listed(model.parameterNames()));
        }
        return slot;
    }

    private float[] currentValues(ParameterSlot slot, ParameterState state) {
        Object value = state != null ? state.original() : slot.handle().read();
        if (value == null) {
            throw gone();
        }
        return slot.handle().values(value);
    }

    private IllegalStateException gone() {
        return new IllegalStateException("model " + model.name() + " is gone: the app no longer holds it");
    }

    private static int numel(ParameterSlot slot) {
        return slot.handle().shape().numel();
    }

    /**
     * The total a mask prunes now and, when some entries were pruned before this call, how many of them and how
     * many this call added: PyTorch's fractions are of what remains, so the total alone surprises.
     */
    private static String pruned(long before, long zeros, long numel) {
        double percent = numel == 0 ? 0.0 : 100.0 * zeros / numel;
        String total = String.format(Locale.ROOT, "%d of %d pruned (%.1f%%)", zeros, numel, percent);
        return before == 0 ? total : total + " (" + before + " already pruned, " + (zeros - before) + " newly pruned)";
    }
}
