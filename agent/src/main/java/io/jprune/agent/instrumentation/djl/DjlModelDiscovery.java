package io.jprune.agent.instrumentation.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import io.jprune.runtime.diagnostics.DiagnosticLog;
import io.jprune.runtime.spi.ActivationForm;
import io.jprune.runtime.spi.DiscoveredModel;
import io.jprune.runtime.spi.ModelDiscovery;
import io.jprune.runtime.spi.ModuleNode;
import io.jprune.runtime.spi.ParameterHandle;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns the outermost DJL block whose forward runs into a model: one module per block, named from DJL's child names
 * ({@link DjlNames}), one parameter per float tensor the block reads as a weight, running means and variances as
 * buffers ({@code running_mean}, {@code running_var}), as PyTorch lists them, a {@link DjlInstaller}. A TorchScript block ({@code PtSymbolBlock})
 * is no model here: its weights live inside the TorchScript module, which reads them without the
 * {@code ParameterStore}. Structure and compaction need activations jprune can copy and replay, which this adapter
 * does not offer yet, so they are refused with that reason.
 */
final class DjlModelDiscovery implements ModelDiscovery {
    static final ActivationForm NO_ACTIVATIONS = ActivationForm.unsupported("the DJL adapter does not capture a "
            + "block's inputs: structure and compaction of DJL models are not supported yet");
    private static final String TORCHSCRIPT = "ai.djl.pytorch.engine.PtSymbolBlock";

    @Override
    public DiscoveredModel discover(Object root) {
        if (!(root instanceof Block block)) {
            return null;
        }
        if (root.getClass().getName().equals(TORCHSCRIPT)) {
            DiagnosticLog.info("a TorchScript model (PtSymbolBlock) runs: jprune does not prune TorchScript models, "
                    + "whose weights DJL does not read through its ParameterStore");
            return null;
        }
        MadeArrays made = new MadeArrays();
        ModuleNode tree = node("", block, made);
        if (tree.namedModules().stream().allMatch(module -> module.parameters().isEmpty())) {
            return null;
        }
        return new DiscoveredModel(tree, new DjlInstaller(made), NO_ACTIVATIONS);
    }

    private static ModuleNode node(String name, Block block, MadeArrays made) {
        List<ParameterHandle> parameters = new ArrayList<>();
        List<ParameterHandle> buffers = new ArrayList<>();
        for (Pair<String, Parameter> entry : block.getDirectParameters()) {
            Parameter parameter = entry.getValue();
            if (isWeight(parameter)) {
                parameters.add(new DjlParameterHandle(entry.getKey(), parameter, made));
            } else if (isRunningStatistic(parameter)) {
                buffers.add(new DjlParameterHandle(bufferName(entry.getKey()), parameter, made));
            }
        }
        List<ModuleNode> children = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        List<Block> blocks = new ArrayList<>();
        for (Pair<String, Block> child : block.getChildren()) {
            keys.add(child.getKey());
            blocks.add(child.getValue());
        }
        List<String> names = DjlNames.childNames(keys, blocks);
        for (int i = 0; i < blocks.size(); i++) {
            String qualified = name.isEmpty() ? names.get(i) : name + "." + names.get(i);
            children.add(node(qualified, blocks.get(i), made));
        }
        return new ModuleNode(name, block, DjlNames.type(block), DjlNames.repr(block), parameters, children)
                .withBuffers(buffers);
    }

    /** A batch norm's running mean or variance: a buffer, as PyTorch lists it, never pruned. */
    private static boolean isRunningStatistic(Parameter parameter) {
        String type = parameter.getType().name();
        return parameter.isInitialized() && parameter.getArray() != null
                && parameter.getArray().getDataType() == DataType.FLOAT32
                && (type.equals("RUNNING_MEAN") || type.equals("RUNNING_VAR"));
    }

    /** PyTorch's name for DJL's {@code runningMean}: {@code running_mean}. */
    private static String bufferName(String key) {
        return key.replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
    }

    /** A float tensor with a value that a layer reads as a weight, not a running statistic. */
    private static boolean isWeight(Parameter parameter) {
        if (!parameter.isInitialized()) {
            return false;
        }
        NDArray array = parameter.getArray();
        String type = parameter.getType().name();
        return array != null && array.getDataType() == DataType.FLOAT32 && !type.equals("RUNNING_MEAN")
                && !type.equals("RUNNING_VAR");
    }
}
