package io.jprune.agent.instrumentation.plain;

import io.jprune.agent.instrumentation.forward.ForwardMethods;
import io.jprune.runtime.diagnostics.DiagnosticLog;
import io.jprune.runtime.tensor.Shape;
import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Gives flat {@code float[]} weights the shape PyTorch would give them, since structured pruning needs the
 * dims: an explicit shape from the agent options first; else the module's int fields named after PyTorch's
 * attributes ({@code inChannels}/{@code in_channels}, {@code outChannels}, {@code kernelSize},
 * {@code inFeatures}, {@code outFeatures}) give a conv weight {@code [out, in, k, k]}, a linear weight
 * {@code [out, in]} and a vector of length {@code out} {@code [out]}; else the weight is 1-D. A shape that
 * does not match the array's length is never used.
 */
final class ShapeInference {
    private final List<ShapeOverride> overrides;
    private final FieldAccess access;

    /**
     * @param overrides shapes given in the agent options
     * @param access    used to read the module's int fields
     */
    ShapeInference(List<ShapeOverride> overrides, FieldAccess access) {
        this.overrides = List.copyOf(overrides);
        this.access = access;
    }

    /** The shape of a flat array of {@code length} floats held in {@code field} of {@code module}. */
    Shape flatShape(Object module, Field field, int length) {
        for (ShapeOverride override : overrides) {
            if (override.appliesTo(field.getDeclaringClass(), field.getName())
                    || override.appliesTo(module.getClass(), field.getName())) {
                if (override.shape().numel() == length) {
                    return override.shape();
                }
                DiagnosticLog.info("shape option " + override + " does not fit " + field + ", which holds " + length
                        + " values; taking it as 1-D");
                return Shape.of(length);
            }
        }
        Map<String, Integer> attributes = intAttributes(module);
        Shape inferred = fromAttributes(attributes, field.getName(), length);
        if (inferred != null) {
            return inferred;
        }
        if (!attributes.isEmpty() && DiagnosticLog.isDebugEnabled()) {
            DiagnosticLog.debug(field + " holds " + length + " values, which fit no shape from " + attributes
                    + "; taking it as 1-D (give shape=" + field.getDeclaringClass().getName() + "." + field.getName()
                    + ":AxB in the agent options if it has one)");
        }
        return Shape.of(length);
    }

    /**
     * Conv and linear layers as PyTorch lays them out. When a weight and a bias have the same length (one input
     * channel or feature), the field's name decides: PyTorch calls the vector {@code bias}.
     */
    private static Shape fromAttributes(Map<String, Integer> attributes, String fieldName, int length) {
        boolean conv = attributes.containsKey("outchannels") && attributes.containsKey("inchannels");
        boolean linear = attributes.containsKey("outfeatures") && attributes.containsKey("infeatures");
        boolean bias = fieldName.toLowerCase(Locale.ROOT).contains("bias");
        if (conv) {
            int out = attributes.get("outchannels");
            int in = attributes.get("inchannels");
            Integer kernel = attributes.get("kernelsize");
            if (kernel != null && (long) out * in * kernel * kernel == length && !(length == out && bias)) {
                return Shape.of(out, in, kernel, kernel);
            }
            return length == out ? Shape.of(out) : null;
        }
        if (linear) {
            int out = attributes.get("outfeatures");
            int in = attributes.get("infeatures");
            if ((long) out * in == length && !(length == out && bias)) {
                return Shape.of(out, in);
            }
            return length == out ? Shape.of(out) : null;
        }
        return null;
    }

    /**
     * The shape of a nested array ({@code nesting} levels of {@code float[]...[]}), or {@code null} when it is
     * ragged or holds a null row and so is not a tensor.
     */
    static Shape nestedShape(Object array, int nesting) {
        int[] dims = new int[nesting];
        Object level = array;
        for (int d = 0; d < nesting; d++) {
            if (level == null) {
                return null;
            }
            dims[d] = Array.getLength(level);
            if (d < nesting - 1) {
                if (dims[d] == 0) {
                    return null;
                }
                level = ((Object[]) level)[0];
            }
        }
        return isRectangular(array, dims, 0) ? Shape.of(dims) : null;
    }

    private static boolean isRectangular(Object array, int[] dims, int depth) {
        if (array == null || Array.getLength(array) != dims[depth]) {
            return false;
        }
        if (depth == dims.length - 1) {
            return true;
        }
        for (Object sub : (Object[]) array) {
            if (!isRectangular(sub, dims, depth + 1)) {
                return false;
            }
        }
        return true;
    }

    private Map<String, Integer> intAttributes(Object module) {
        Map<String, Integer> attributes = new HashMap<>();
        for (Class<?> c = module.getClass(); c != null && !ForwardMethods.isOffLimits(c.getName());
                c = c.getSuperclass()) {
            for (Field field : c.getDeclaredFields()) {
                if (field.getType() != int.class || Modifier.isStatic(field.getModifiers())) {
                    continue;
                }
                String key = field.getName().toLowerCase(Locale.ROOT).replace("_", "");
                if (attributes.containsKey(key) || !access.open(field)) {
                    continue;
                }
                try {
                    attributes.put(key, field.getInt(module));
                } catch (IllegalAccessException e) {
                    DiagnosticLog.debug("cannot read " + field + ": " + e.getMessage());
                }
            }
        }
        attributes.keySet().retainAll(List.of("inchannels", "outchannels", "kernelsize", "infeatures", "outfeatures"));
        return attributes;
    }

}
