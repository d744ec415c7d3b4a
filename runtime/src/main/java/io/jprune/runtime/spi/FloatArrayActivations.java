package io.jprune.runtime.spi;

import java.util.Set;

/**
 * {@link ActivationForm#FLOAT_ARRAYS}: hand-written Java models pass activations as {@code float[]} and
 * configuration as primitives; both copy faithfully without knowing the app's types.
 */
final class FloatArrayActivations implements ActivationForm {
    private static final Set<Class<?>> PRIMITIVE_WRAPPERS = Set.of(Boolean.class, Byte.class, Character.class,
            Short.class, Integer.class, Long.class, Float.class, Double.class);

    @Override
    public String description() {
        return "float[] and primitive arguments";
    }

    @Override
    public boolean accepts(Object value) {
        return value instanceof float[] || value != null && PRIMITIVE_WRAPPERS.contains(value.getClass());
    }

    @Override
    public Object copy(Object value) {
        return value instanceof float[] values ? values.clone() : value;
    }

    @Override
    public long bytes(Object value) {
        return value instanceof float[] values ? 4L * values.length : 0;
    }

    @Override
    public float[] floats(Object value) {
        return value instanceof float[] values ? values : null;
    }

    @Override
    public void writeFloats(Object value, float[] values) {
        float[] target = (float[]) value;
        if (target != values) {
            System.arraycopy(values, 0, target, 0, target.length);
        }
    }

    @Override
    public Object fromFloats(float[] values) {
        return values;
    }
}
