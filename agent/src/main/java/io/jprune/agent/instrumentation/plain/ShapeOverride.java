package io.jprune.agent.instrumentation.plain;

import io.jprune.runtime.tensor.Shape;
import java.util.Objects;

/**
 * A shape given in the agent options for a weight whose shape jprune cannot infer, e.g.
 * {@code com.acme.Dense.kernel:128x64}: the weights of class {@code com.acme.Dense}'s field {@code kernel}
 * are a 128 x 64 matrix.
 *
 * @param className the class declaring the field, fully qualified or simple name
 * @param field     the field's name
 * @param shape     the shape its values have
 */
public record ShapeOverride(String className, String field, Shape shape) {

    /** Validates the parts. */
    public ShapeOverride {
        Objects.requireNonNull(className, "className");
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(shape, "shape");
    }

    /**
     * Reads {@code Class.field:AxBxC}.
     *
     * @throws IllegalArgumentException naming what is wrong with the text
     */
    public static ShapeOverride parse(String text) {
        int colon = text.lastIndexOf(':');
        int dot = colon < 0 ? -1 : text.lastIndexOf('.', colon);
        if (colon < 0 || dot <= 0 || dot == colon - 1 || colon == text.length() - 1) {
            throw new IllegalArgumentException("shape '" + text + "' must look like com.acme.Dense.kernel:128x64");
        }
        String[] parts = text.substring(colon + 1).split("x", -1);
        int[] dims = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                dims[i] = Integer.parseInt(parts[i]);
            } catch (NumberFormatException e) {
                dims[i] = -1;
            }
            if (dims[i] <= 0) {
                throw new IllegalArgumentException("shape '" + text + "': dims must be positive integers joined by x, "
                        + "like 128x64; got '" + parts[i] + "'");
            }
        }
        return new ShapeOverride(text.substring(0, dot), text.substring(dot + 1, colon), Shape.of(dims));
    }

    /** Whether this override is about {@code field} of {@code declaringClass}. */
    public boolean appliesTo(Class<?> declaringClass, String fieldName) {
        return field.equals(fieldName)
                && (className.equals(declaringClass.getName()) || className.equals(declaringClass.getSimpleName()));
    }

    /** As written in the options. */
    @Override
    public String toString() {
        StringBuilder dims = new StringBuilder();
        for (int d : shape.dims()) {
            dims.append(dims.length() == 0 ? "" : "x").append(d);
        }
        return className + "." + field + ":" + dims;
    }
}
