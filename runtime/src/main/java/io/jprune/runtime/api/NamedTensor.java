package io.jprune.runtime.api;

import io.jprune.runtime.tensor.Shape;

/**
 * One entry of PyTorch's {@code named_parameters()} or {@code named_buffers()}, or one tensor looked up by
 * name. {@code values} are flat, row-major and may be jprune's or the app's own array: read them, never
 * write them (copy before handing them to anyone who might).
 *
 * @param name   the name as PyTorch lists it relative to the module asked about, e.g. {@code conv1.weight_orig}
 * @param shape  the tensor's shape
 * @param values the tensor's values
 */
public record NamedTensor(String name, Shape shape, float[] values) {
}
