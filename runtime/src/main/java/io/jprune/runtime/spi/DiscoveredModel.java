package io.jprune.runtime.spi;

import java.util.Objects;

/**
 * What an adapter found at one root object: the module tree PyTorch would list, how a generation of weights
 * reaches the app, the form its forwards' values take, and how to copy it privately: the whole of what the engine
 * knows of the app's framework.
 *
 * @param tree        the modules and their parameters
 * @param installer   how a new generation is applied to the app, all or none
 * @param activations how the forwards' inputs and outputs are copied, read and perturbed
 * @param copier      how a private copy is made for experiments the app must not see (the sensitivity sweep);
 *                    {@link ModelCopier#NONE} when the adapter cannot
 * @param names       what the framework knows of tensor names that are not the parameters' qualified names (why a
 *                    tensor is not a parameter); {@link ParameterNames#NONE} when nothing
 * @param graph       the model's graph, when its framework states one, for structure and compaction read from it
 *                    instead of replayed; {@link GraphStructure#NONE} when none
 */
public record DiscoveredModel(ModuleNode tree, WeightInstaller installer, ActivationForm activations,
                              ModelCopier copier, ParameterNames names, GraphStructure graph) {

    public DiscoveredModel {
        Objects.requireNonNull(tree, "tree");
        Objects.requireNonNull(installer, "installer");
        Objects.requireNonNull(activations, "activations");
        Objects.requireNonNull(copier, "copier");
        Objects.requireNonNull(names, "names");
        Objects.requireNonNull(graph, "graph");
    }

    /** A model whose framework states no graph: structure and compaction replay its forward. */
    public DiscoveredModel(ModuleNode tree, WeightInstaller installer, ActivationForm activations,
                           ModelCopier copier, ParameterNames names) {
        this(tree, installer, activations, copier, names, GraphStructure.NONE);
    }

    /** A model whose framework has no names besides its parameters' qualified names. */
    public DiscoveredModel(ModuleNode tree, WeightInstaller installer, ActivationForm activations,
                           ModelCopier copier) {
        this(tree, installer, activations, copier, ParameterNames.NONE);
    }

    /** A model whose adapter cannot make private copies of it. */
    public DiscoveredModel(ModuleNode tree, WeightInstaller installer, ActivationForm activations) {
        this(tree, installer, activations, ModelCopier.NONE);
    }

    /** A plain-Java model: one field reference per parameter, {@code float[]} activations. */
    public static DiscoveredModel of(ModuleNode tree) {
        return new DiscoveredModel(tree, WeightInstaller.PER_REFERENCE, ActivationForm.FLOAT_ARRAYS);
    }

    /** A plain-Java model whose adapter makes private copies with {@code copier}. */
    public static DiscoveredModel of(ModuleNode tree, ModelCopier copier) {
        return new DiscoveredModel(tree, WeightInstaller.PER_REFERENCE, ActivationForm.FLOAT_ARRAYS, copier);
    }
}
