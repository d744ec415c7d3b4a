package io.jprune.runtime.jmx;

import io.jprune.runtime.structure.StructureReport;
import io.jprune.runtime.sweep.LiveSweepReport;
import io.jprune.runtime.sweep.SweepReport;
import java.util.Map;
import javax.management.MBeanOperationInfo;

/**
 * {@code io.jprune:type=Model,name=NAME}: one model of the app, inspected and pruned with PyTorch's
 * {@code torch.nn.utils.prune} vocabulary and semantics. Parameters are addressed by qualified name
 * ({@code conv1.weight}), modules by qualified module name ({@code ""} is the root). Amounts are text so
 * that {@code "16"} is a count and {@code "0.3"} a fraction, as PyTorch's int and float.
 *
 * <p>A bad call throws {@link IllegalArgumentException} or {@link IndexOutOfBoundsException} with PyTorch's
 * text where PyTorch has one, and changes nothing. A change becomes visible to the app from its next
 * forward on, for every layer at once.
 */
@Description("One model of the app, with PyTorch's torch.nn.utils.prune operations. Parameters are named like "
        + "conv1.weight; amounts like \"16\" are counts, like \"0.3\" fractions. A change applies from the next "
        + "forward on; restore undoes it bit for bit.")
public interface ModelMXBean {

    /** PyTorch's {@code model.named_modules()}. */
    @Description("model.named_modules(): the root (\"\") first, then depth-first in declaration order; "
            + "items name, type, repr")
    ModuleInfo[] namedModules();

    /** PyTorch's {@code module.named_parameters()}, showing where pruning moved the weights. */
    @Description("module.named_parameters() as PyTorch lists them (weight_orig after pruning); "
            + "items name, shape, numel, zeros")
    TensorInfo[] namedParameters(
            @Name("module") @Description("qualified module name; \"\" for the whole model") String module);

    /** PyTorch's {@code module.named_buffers()}: the masks. */
    @Description("module.named_buffers(): the weight_mask of every pruned parameter; items name, shape, numel, zeros")
    TensorInfo[] namedBuffers(
            @Name("module") @Description("qualified module name; \"\" for the whole model") String module);

    /** The values of one tensor, so that a person or a test can check them against PyTorch. */
    @Description("Flat row-major values of a tensor: conv1.weight (the effective weight), conv1.weight_orig, "
            + "conv1.weight_mask, conv1.bias")
    float[] tensor(@Name("name") @Description("qualified tensor name, e.g. conv1.weight_mask") String name);

    /** The text a PyTorch user would see for the same module. */
    @Description("What PyTorch prints for print(list(module.named_parameters())) then "
            + "print(list(module.named_buffers()))")
    String describe(@Name("module") @Description("qualified module name; \"\" for the whole model") String module);

    /**
     * {@link #namedModules()} as an attribute. The JDK's remote JMX access control treats every operation as a
     * write, so a read-only role ({@code monitorRole}) can read attributes only: these attributes are what it
     * can inspect.
     */
    @Description("model.named_modules() (items name, type, repr); an attribute so that the read-only monitorRole "
            + "can read it")
    ModuleInfo[] getNamedModules();

    /** {@link #namedParameters(String)} of the whole model as an attribute, for the read-only role. */
    @Description("model.named_parameters() of the whole model (items name, shape, numel, zeros); an attribute so "
            + "that the read-only monitorRole can read it")
    TensorInfo[] getNamedParameters();

    /** {@link #namedBuffers(String)} of the whole model as an attribute, for the read-only role. */
    @Description("model.named_buffers() of the whole model: the weight_mask of every pruned parameter (items name, "
            + "shape, numel, zeros); an attribute so that the read-only monitorRole can read it")
    TensorInfo[] getNamedBuffers();

    /**
     * The framework's tensors that are no parameter (an ONNX model's integer shapes, quantized weights, unused
     * initializers), so that a person sees why one cannot be pruned before trying.
     */
    @Description("The framework's tensors that are not parameters and cannot be pruned (an ONNX model's integer "
            + "shapes and indices, quantized weights, initializers feeding no node), each with the reason")
    Map<String, String> getNotParameters();

    /** PyTorch's {@code prune.is_pruned(model)}. */
    @Description("prune.is_pruned(model): whether any parameter is pruned")
    boolean isPruned();

    /** Which channels were cut: the question PyTorch leaves to the user. */
    @Description("Indices of the slices along dim that the mask prunes entirely, ascending")
    int[] prunedChannels(
            @Name("param") @Description("qualified parameter name, e.g. conv1.weight") String param,
            @Name("dim") @Description("the dim whose slices are checked, e.g. 0 for output channels") int dim);

    /** PyTorch's {@code prune.random_unstructured}. */
    @Impact(MBeanOperationInfo.ACTION)
    @Description("prune.random_unstructured(module, name, amount): prunes amount of the remaining entries at random")
    String randomUnstructured(
            @Name("param") @Description("qualified parameter name, e.g. conv1.weight") String param,
            @Name("amount") @Description("\"16\": a count; \"0.3\": a fraction of what remains") String amount,
            @Name("seed") @Description("random seed, so that a prune can be repeated") long seed);

    /** PyTorch's {@code prune.l1_unstructured}. */
    @Impact(MBeanOperationInfo.ACTION)
    @Description("prune.l1_unstructured(module, name, amount): prunes the remaining entries of smallest |value|")
    String l1Unstructured(
            @Name("param") @Description("qualified parameter name, e.g. conv1.weight") String param,
            @Name("amount") @Description("\"16\": a count; \"0.3\": a fraction of what remains") String amount);

    /** PyTorch's {@code prune.l1_unstructured} with {@code importance_scores}. */
    @Impact(MBeanOperationInfo.ACTION)
    @Description("prune.l1_unstructured(module, name, amount, importance_scores): ranks by the given scores")
    String l1Unstructured(
            @Name("param") @Description("qualified parameter name, e.g. conv1.weight") String param,
            @Name("amount") @Description("\"16\": a count; \"0.3\": a fraction of what remains") String amount,
            @Name("importance_scores") @Description("flat row-major scores, one per entry") float[] importanceScores);

    /** PyTorch's {@code prune.random_structured}. */
    @Impact(MBeanOperationInfo.ACTION)
    @Description("prune.random_structured(module, name, amount, dim): prunes whole slices along dim at random")
    String randomStructured(
            @Name("param") @Description("qualified parameter name, e.g. conv1.weight") String param,
            @Name("amount") @Description("\"2\": a count of slices; \"0.3\": a fraction of the remaining slices")
            String amount,
            @Name("dim") @Description("the dim whose slices are pruned; negative counts from the end") int dim,
            @Name("seed") @Description("random seed, so that a prune can be repeated") long seed);

    /** PyTorch's {@code prune.ln_structured}. */
    @Impact(MBeanOperationInfo.ACTION)
    @Description("prune.ln_structured(module, name, amount, n, dim): prunes the slices along dim of smallest Ln norm")
    String lnStructured(
            @Name("param") @Description("qualified parameter name, e.g. conv1.weight") String param,
            @Name("amount") @Description("\"2\": a count of slices; \"0.3\": a fraction of the remaining slices")
            String amount,
            @Name("n") @Description("the norm: 1, 2, inf, -inf, fro, ... as torch.norm's p") String n,
            @Name("dim") @Description("the dim whose slices are pruned; negative counts from the end") int dim);

    /** PyTorch's {@code prune.ln_structured} with {@code importance_scores}. */
    @Impact(MBeanOperationInfo.ACTION)
    @Description("prune.ln_structured(module, name, amount, n, dim, importance_scores): norms of the given scores")
    String lnStructured(
            @Name("param") @Description("qualified parameter name, e.g. conv1.weight") String param,
            @Name("amount") @Description("\"2\": a count of slices; \"0.3\": a fraction of the remaining slices")
            String amount,
            @Name("n") @Description("the norm: 1, 2, inf, -inf, fro, ... as torch.norm's p") String n,
            @Name("dim") @Description("the dim whose slices are pruned; negative counts from the end") int dim,
            @Name("importance_scores") @Description("flat row-major scores, one per entry") float[] importanceScores);

    /** PyTorch's {@code prune.global_unstructured} over parameters of this model. */
    @Impact(MBeanOperationInfo.ACTION)
    @Description("prune.global_unstructured(parameters, pruning_method, amount): one ranking over all the given "
            + "parameters together")
    String globalUnstructured(
            @Name("params") @Description("qualified parameter names, e.g. conv1.weight, fc1.weight") String[] params,
            @Name("method") @Description("l1 (L1Unstructured) or random (RandomUnstructured)") String method,
            @Name("amount") @Description("\"16\": a count; \"0.3\": a fraction of all remaining entries") String amount,
            @Name("seed") @Description("random seed for method random; ignored for l1") long seed);

    /** PyTorch's {@code prune.custom_from_mask}. */
    @Impact(MBeanOperationInfo.ACTION)
    @Description("prune.custom_from_mask(module, name, mask): prunes where the given mask is 0")
    String customFromMask(
            @Name("param") @Description("qualified parameter name, e.g. conv1.weight") String param,
            @Name("mask") @Description("flat row-major mask of 0s and 1s, one per entry") float[] mask);

    /**
     * {@code prune.custom_from_mask} on several parameters in one change, all or none: how masks trained elsewhere
     * (a PyTorch {@code state_dict}'s {@code *_mask} tensors) arrive, so that the app never runs with some of them.
     */
    @Impact(MBeanOperationInfo.ACTION)
    @Description("prune.custom_from_mask(module, name, mask) for each of several parameters, all in one change or "
            + "none: the app's next forward sees every mask, or nothing changed")
    String customFromMasks(
            @Name("params") @Description("qualified parameter names, e.g. conv1.weight, fc1.weight") String[] params,
            @Name("masks") @Description("one flat row-major mask of 0s and 1s per parameter, in the same order")
            float[][] masks);

    /** {@link #customFromMasks(String[], float[][])} with the parameters and masks as text, for a console. */
    @Impact(MBeanOperationInfo.ACTION)
    @Description("prune.custom_from_mask for each of several parameters, all in one change or none, with simple "
            + "arguments: the app's next forward sees every mask, or nothing changed")
    String customFromMasks(
            @Name("params") @Description("qualified parameter names, comma-separated, e.g. conv1.weight, fc1.weight")
            String params,
            @Name("masks") @Description("one mask of 0s and 1s per parameter, in the same order, separated by ';'; "
                    + "each " + Texts.VALUES_OR_FILE) String masks);

    /**
     * The calls that reproduce the model's pruning on an unpruned replica: its history, or, where a compaction or a
     * partial restore left more than calls can replay, one {@code custom_from_mask} per pruned parameter with its
     * current mask. What {@code jprune plan} prints, so that what was found interactively can be rolled out.
     */
    @Description("The prune calls that reproduce this model's state on an unpruned replica, in order (its history; "
            + "custom_from_mask with the current masks where the history cannot be replayed); changes nothing")
    PruningStep[] pruningHistory();

    /** PyTorch's {@code prune.identity}. */
    @Impact(MBeanOperationInfo.ACTION)
    @Description("prune.identity(module, name): reparametrizes as weight_orig and a mask of ones")
    String identity(@Name("param") @Description("qualified parameter name, e.g. conv1.weight") String param);

    /** PyTorch's {@code prune.remove}. */
    @Impact(MBeanOperationInfo.ACTION)
    @Description("prune.remove(module, name): makes the pruning permanent; weight_orig and weight_mask are freed, so "
            + "restore can no longer bring this parameter's original values back")
    String remove(@Name("param") @Description("qualified parameter name, e.g. conv1.weight") String param);

    /** Undoes all pruning of one parameter, which PyTorch cannot do. */
    @Impact(MBeanOperationInfo.ACTION)
    @Description("Undoes every prune of a parameter: the original values come back bit for bit; a parameter whose "
            + "pruning remove() made permanent cannot come back, and the result says so")
    String restore(@Name("param") @Description("qualified parameter name, e.g. conv1.weight") String param);

    /** Undoes all pruning of the model at once. */
    @Impact(MBeanOperationInfo.ACTION)
    @Description("Undoes every prune and compaction of the model, all layers at once, bit for bit; the result names "
            + "every parameter it cannot bring back (those remove() made permanent) and why")
    String restore();

    /**
     * "Which channels were cut, and what would compaction save?": the structure the masks leave, found by
     * replaying the app's own first inputs through its own forward, so no architecture has to be declared.
     */
    @Description("For every layer: the weight's shape now and after compaction, the output channels its mask prunes "
            + "entirely, the dead input channels, MACs and parameters before and after, coupled layers, and why "
            + "anything pruned would stay masked. Replays the app's first captured inputs through its own forward; "
            + "changes nothing")
    StructureReport structure();

    /** Physical compaction, so the app's own loops do less work; {@code restore()} undoes it bit for bit. */
    @Impact(MBeanOperationInfo.ACTION)
    @Description("Removes what is entirely pruned: producer weight and bias rows, consumer input slices and the int "
            + "dims the app's loops run to (outChannels, inFeatures, ...), folding what removed channels delivered "
            + "into the consumers' biases. Kept only if the model's outputs on the captured inputs stay equal to 1e-5; "
            + "the compacted parameters are permanent like remove() until restore() brings the original back")
    String compact();

    /**
     * The model's own output for an input, so that a person or a test can compare the pruned, compacted and
     * restored model with the original on data of their own. It runs the app's forward code on the JMX thread:
     * nothing of jprune changes, but whatever else the app's forward does (counting, logging) happens too.
     */
    @Description("Runs the model's own root forward on one input and returns its output (e.g. the logits). Runs the "
            + "app's forward code on this JMX thread, with the model's current weights; changes nothing of jprune's. "
            + "Only for models whose root forward takes one float[]")
    float[] forward(@Name("input") @Description("the root forward's input, flat, e.g. a 1x28x28 image") float[] input);

    // Forms for JMX consoles. JConsole and VisualVM cannot send an array argument (they grey such operations out)
    // and show arrays of rows one row at a time; each operation below takes only text and numbers, or returns text a
    // person can read, next to the operation scripts use.

    /** {@code named_modules()} as an aligned text table, which a console shows at once. */
    @Description("model.named_modules() as a text table (NAME, TYPE, REPR), the way jprune's command line prints it")
    String getModulesText();

    /** {@code named_parameters()} of the whole model as an aligned text table. */
    @Description("model.named_parameters() as a text table: NAME, SHAPE as [6, 1, 3, 3], NUMEL, ZEROS, SPARSITY "
            + "(and the framework's own name where it differs); then the tensors that are not parameters, with why")
    String getParametersText();

    /** {@code named_buffers()} of the whole model (the masks) as an aligned text table. */
    @Description("model.named_buffers(), the weight_mask of every pruned parameter, as a text table: NAME, SHAPE, "
            + "NUMEL, ZEROS (the pruned entries), SPARSITY")
    String getBuffersText();

    /** What PyTorch prints for a tensor (summarised with {@code ...} when large), its shape and its sparsity. */
    @Description("What PyTorch prints for a tensor (print(t), summarised with ... above 1000 values), then its shape "
            + "and how many of its values are zero; the readable form of tensor(name)")
    String tensorText(@Name("name") @Description("qualified tensor name, e.g. conv1.weight_mask") String name);

    /** {@link #structure()} as the table jprune's command line prints. */
    @Description("structure() as text: for every layer the shape now and after compaction, cut and dead channels, "
            + "MACs and parameters before and after, coupled layers and notes. Changes nothing")
    String structureText();

    /** The model as it computes now, in its framework's own file format, written to {@code file}. */
    @Description("Writes the model as the app computes with it now (masked, or compacted after compact()) in its "
            + "framework's own format, e.g. an .onnx file any ONNX runtime loads; for a model read from a graph "
            + "(ONNX). Changes nothing in the model")
    String exportModel(@Name("file") @Description("absolute path of the file to write, e.g. /tmp/cnn_mnist.onnx")
                       String file);

    /** {@link #globalUnstructured(String[], String, String, long)} with the parameters in one text argument. */
    @Impact(MBeanOperationInfo.ACTION)
    @Description("prune.global_unstructured(parameters, pruning_method, amount) with simple arguments: one ranking "
            + "over all the given parameters together")
    String globalUnstructured(
            @Name("params") @Description("qualified parameter names, comma-separated, e.g. conv1.weight, fc1.weight")
            String params,
            @Name("method") @Description("l1 (L1Unstructured) or random (RandomUnstructured)") String method,
            @Name("amount") @Description("\"16\": a count; \"0.3\": a fraction of all remaining entries") String amount,
            @Name("seed") @Description("random seed for method random; ignored for l1") long seed);

    /** {@link #customFromMask(String, float[])} with the mask as text or a file. */
    @Impact(MBeanOperationInfo.ACTION)
    @Description("prune.custom_from_mask(module, name, mask) with the mask as text or a file: prunes where it is 0")
    String customFromMask(@Name("param") @Description(Texts.PARAM) String param,
            @Name("mask") @Description("0s and 1s, one per entry: " + Texts.VALUES_OR_FILE) String mask);

    /** {@link #l1Unstructured(String, String, float[])} with the scores as text or a file. */
    @Impact(MBeanOperationInfo.ACTION)
    @Description("prune.l1_unstructured(module, name, amount, importance_scores) with the scores as text or a file")
    String l1Unstructured(@Name("param") @Description(Texts.PARAM) String param,
            @Name("amount") @Description(Texts.AMOUNT) String amount,
            @Name("importance_scores") @Description("one score per entry: " + Texts.VALUES_OR_FILE)
            String importanceScores);

    /** {@link #lnStructured(String, String, String, int, float[])} with the scores as text or a file. */
    @Impact(MBeanOperationInfo.ACTION)
    @Description("prune.ln_structured(module, name, amount, n, dim, importance_scores) with the scores as text or a "
            + "file")
    String lnStructured(@Name("param") @Description(Texts.PARAM) String param,
            @Name("amount") @Description(Texts.SLICE_AMOUNT) String amount,
            @Name("n") @Description(Texts.NORM) String n, @Name("dim") @Description(Texts.DIM) int dim,
            @Name("importance_scores") @Description("one score per entry: " + Texts.VALUES_OR_FILE)
            String importanceScores);

    /** {@link #forward(float[])} with the input as text or a file, and the output as text. */
    @Description("Runs the model's own root forward on one input given as text or a file, and returns PyTorch's "
            + "printout of its output (e.g. the logits). Runs the app's forward code on this JMX thread; changes "
            + "nothing of jprune's")
    String forwardText(@Name("input") @Description("the root forward's input, e.g. a 1x28x28 image as 784 numbers: "
            + Texts.VALUES_OR_FILE) String input);

    /**
     * "How much can I prune, and where?", answered on the app's own traffic without labels: each parameter pruned
     * alone by each amount on a private copy, its outputs compared with the unpruned model's on the same captured
     * inputs. The app's forward never runs on experimental weights.
     */
    @Description("Sensitivity sweep: captures the app's next inputs, then for each parameter and amount prunes a "
            + "PRIVATE COPY of the model (never the app's) and compares its outputs with the unpruned model's: top-1 "
            + "agreement, cosine similarity, max |diff|. Rate-limited to a share of one core; the app's throughput "
            + "before and during is reported. Progress is sent as io.jprune.sweep.progress notifications; "
            + "cancelSweep() stops it with the points so far. Changes nothing")
    SweepReport sweep(
            @Name("params") @Description("comma-separated parameter names; \"\" for every weight (2 or more dims)")
            String params,
            @Name("amounts") @Description("comma-separated fractions; \"\" for 0.1,0.2,...,0.9") String amounts,
            @Name("method") @Description("l1_unstructured (\"\"), random_unstructured, ln_structured or "
                    + "random_structured") String method,
            @Name("n") @Description("the norm for ln_structured; \"\" for 1") String n,
            @Name("dim") @Description("the dim for the structured methods, e.g. 0 for output channels") int dim,
            @Name("inputs") @Description("how many of the app's next inputs to replay; 0 for 512") int inputs,
            @Name("cpuShare") @Description("the most of one core the sweep takes, in (0, 1]; 0 for 0.25")
            double cpuShare,
            @Name("output") @Description("auto (\"\"), classifier (top-1 agreement) or embedding (cosine)")
            String output);

    /**
     * The sweep a private copy cannot do, on the user's explicit request: each parameter pruned alone by each
     * amount in the app's own model, the app's own metric read after the step settled, a step undone the moment
     * the metric falls below the floor, every parameter restored bit for bit at the end.
     */
    @Impact(MBeanOperationInfo.ACTION)
    @Description("LIVE sensitivity sweep (changes the app's model while it runs): for each parameter and amount, "
            + "prunes the app's model, waits settleSeconds and settleForwards, reads the app's metric (an MBean attribute); the moment "
            + "it falls below the floor the step is undone and that parameter's curve ends. Each parameter gets its "
            + "own weights back bit for bit after its curve. Swept parameters must be unpruned. Progress as "
            + "io.jprune.sweep.progress notifications; cancelSweep() undoes the step in progress and stops")
    LiveSweepReport liveSweep(
            @Name("params") @Description("comma-separated parameter names; \"\" for every weight (2 or more dims)")
            String params,
            @Name("amounts") @Description("comma-separated fractions; \"\" for 0.1,0.2,...,0.9") String amounts,
            @Name("method") @Description("l1_unstructured (\"\"), random_unstructured, ln_structured or "
                    + "random_structured") String method,
            @Name("n") @Description("the norm for ln_structured; \"\" for 1") String n,
            @Name("dim") @Description("the dim for the structured methods, e.g. 0 for output channels") int dim,
            @Name("metric") @Description("the app's metric, higher is better, as MBean/Attribute, e.g. "
                    + "demo:type=Inference/Accuracy") String metric,
            @Name("floor") @Description("the lowest acceptable metric: a step below it is undone at once")
            double floor,
            @Name("settleSeconds") @Description("how long each step runs before the metric is read; 0 for 5")
            double settleSeconds,
            @Name("settleForwards") @Description("how many root forwards of the app each step runs, at least, "
                    + "before the metric is read (e.g. two of the app's passes when its metric is the last completed "
                    + "pass); 0 for time only") long settleForwards);

    /** Stops a running sweep of this model; it returns the points measured so far. */
    @Description("Stops the running sweep of this model after the input it is computing; the sweep returns the "
            + "points measured so far. Returns whether a sweep was running")
    boolean cancelSweep();
}
