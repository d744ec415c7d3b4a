package io.jprune.agent.safetensors;

import java.util.Arrays;

/**
 * One tensor of a safetensors file: its name, its dtype as the file spells it ({@code F32}, {@code BOOL},
 * {@code U8}, ...), its shape and its values as floats, flat and row-major (exact for every dtype a mask or a
 * float32 weight comes in).
 *
 * @param name   the key, e.g. {@code conv1.weight_mask}
 * @param dtype  the file's dtype name
 * @param shape  the dims; empty for a scalar
 * @param values the values, flat and row-major
 */
public record StoredTensor(String name, String dtype, long[] shape, float[] values) {

    /** A float32 tensor, as jprune writes every tensor. */
    public static StoredTensor f32(String name, int[] shape, float[] values) {
        return new StoredTensor(name, "F32", Arrays.stream(shape).asLongStream().toArray(), values);
    }

    /** The number of values the shape holds. */
    public long numel() {
        long numel = 1;
        for (long dim : shape) {
            numel *= dim;
        }
        return numel;
    }

    /** The shape as PyTorch prints it, e.g. {@code [6, 1, 3, 3]}. */
    public String shapeText() {
        return Arrays.toString(shape);
    }
}
