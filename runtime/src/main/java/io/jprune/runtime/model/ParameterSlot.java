package io.jprune.runtime.model;

/**
 * Where one parameter sits in a model: its qualified name ({@code conv1.weight}), the module that owns it
 * (whose repr PyTorch's error texts quote) and its position among that module's parameters at discovery.
 */
record ParameterSlot(String qualifiedName, ModuleNode module, ParameterHandle handle, int discoveryIndex) {
}
