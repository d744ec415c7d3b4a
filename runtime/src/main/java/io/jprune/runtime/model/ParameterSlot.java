package io.jprune.runtime.model;

import io.jprune.runtime.spi.ModuleNode;
import io.jprune.runtime.spi.ParameterHandle;

/**
 * Where one parameter sits in a model: its qualified name ({@code conv1.weight}), the module that owns it
 * (whose repr PyTorch's error texts quote) and its position among that module's parameters at discovery.
 */
public record ParameterSlot(String qualifiedName, ModuleNode module, ParameterHandle handle, int discoveryIndex) {
}
