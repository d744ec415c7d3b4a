package io.jprune.agent.instrumentation.plain;

import io.jprune.runtime.spi.ParameterHandle;
import io.jprune.runtime.tensor.Shape;
import java.lang.ref.WeakReference;
import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.util.Objects;

/**
 * A parameter kept in a field of type {@code float[]} (flat, row-major, any shape) or a rectangular
 * {@code float[][]} ... {@code float[][][][]}. jprune installs values by assigning the field, so the app's
 * original array object is never written and can be put back as it was.
 */
final class ArrayFieldParameter implements ParameterHandle {
    private final String name;
    private final Shape shape;
    private final WeakReference<Object> owner;
    private final Field field;
    private final int nesting;

    /**
     * @param owner   the module object holding the field, held weakly
     * @param field   an accessible instance field
     * @param shape   the tensor's shape
     * @param nesting 1 for {@code float[]}, 2 for {@code float[][]}, ...
     */
    ArrayFieldParameter(Object owner, Field field, Shape shape, int nesting) {
        this(new WeakReference<>(Objects.requireNonNull(owner, "owner")), field, shape, nesting);
    }

    private ArrayFieldParameter(WeakReference<Object> owner, Field field, Shape shape, int nesting) {
        this.name = field.getName();
        this.shape = Objects.requireNonNull(shape, "shape");
        this.owner = owner;
        this.field = field;
        this.nesting = nesting;
    }

    /** The field holding the parameter, which a private copy of the module holds its own value in. */
    Field field() {
        return field;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Shape shape() {
        return shape;
    }

    @Override
    public Object read() {
        Object module = owner.get();
        if (module == null) {
            return null;
        }
        try {
            return field.get(module);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot read " + field + ": " + e.getMessage(), e);
        }
    }

    @Override
    public float[] values(Object appValue) {
        if (nesting == 1) {
            return (float[]) appValue;
        }
        float[] flat = new float[shape.numel()];
        flatten(appValue, 1, flat, 0);
        return flat;
    }

    private int flatten(Object array, int depth, float[] out, int at) {
        if (depth == nesting) {
            float[] row = (float[]) array;
            System.arraycopy(row, 0, out, at, row.length);
            return at + row.length;
        }
        for (Object sub : (Object[]) array) {
            at = flatten(sub, depth + 1, out, at);
        }
        return at;
    }

    @Override
    public Object toAppValue(float[] values) {
        if (nesting == 1) {
            return values;
        }
        int[] dims = shape.dims();
        return nest(values, dims, 0, new int[] {0});
    }

    private static Object nest(float[] values, int[] dims, int depth, int[] at) {
        if (depth == dims.length - 1) {
            float[] row = new float[dims[depth]];
            System.arraycopy(values, at[0], row, 0, row.length);
            at[0] += row.length;
            return row;
        }
        Class<?> component = float.class;
        for (int d = depth + 1; d < dims.length; d++) {
            component = component.arrayType();
        }
        Object[] rows = (Object[]) Array.newInstance(component, dims[depth]);
        for (int i = 0; i < rows.length; i++) {
            rows[i] = nest(values, dims, depth + 1, at);
        }
        return rows;
    }

    @Override
    public void write(Object appValue) {
        Object module = owner.get();
        if (module == null) {
            return;
        }
        try {
            field.set(module, appValue);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot write " + field + ": " + e.getMessage(), e);
        }
    }

    /** A field jprune can assign takes an array of another shape as well as one of the same shape. */
    @Override
    public boolean canReshape() {
        return FieldAccess.isReassignable(field);
    }

    @Override
    public ParameterHandle reshaped(Shape newShape) {
        if (!canReshape()) {
            throw new UnsupportedOperationException(field + " cannot be reassigned, so its shape cannot change");
        }
        if (nesting > 1 && newShape.dim() != nesting) {
            throw new IllegalArgumentException(field + " nests " + nesting + " levels of arrays; " + newShape
                    + " has " + newShape.dim() + " dims");
        }
        return new ArrayFieldParameter(owner, field, newShape, nesting);
    }

    @Override
    public String toString() {
        return field.getDeclaringClass().getSimpleName() + "." + name + " " + shape;
    }
}
