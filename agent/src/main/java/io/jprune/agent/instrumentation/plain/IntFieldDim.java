package io.jprune.agent.instrumentation.plain;

import io.jprune.runtime.spi.DimHandle;
import java.lang.ref.WeakReference;
import java.lang.reflect.Field;
import java.util.Locale;
import java.util.Objects;

/**
 * An {@code int} field of a plain-Java module that holds its weight's output or input size, under one of the
 * names PyTorch gives those attributes ({@code outChannels} / {@code out_channels}, {@code outFeatures},
 * {@code inChannels}, {@code inFeatures}): the bound of the app's own loops, which compaction shrinks by
 * assigning the field, final or not.
 */
final class IntFieldDim implements DimHandle {
    private final WeakReference<Object> owner;
    private final Field field;
    private final int dim;

    private IntFieldDim(Object owner, Field field, int dim) {
        this.owner = new WeakReference<>(Objects.requireNonNull(owner, "owner"));
        this.field = field;
        this.dim = dim;
    }

    /**
     * The dim handle of an accessible, assignable int field named after PyTorch's size attributes, or
     * {@code null} for any other field.
     */
    static IntFieldDim of(Object owner, Field field) {
        String key = field.getName().toLowerCase(Locale.ROOT).replace("_", "");
        int dim = switch (key) {
            case "outchannels", "outfeatures" -> 0;
            case "inchannels", "infeatures" -> 1;
            default -> -1;
        };
        return dim < 0 ? null : new IntFieldDim(owner, field, dim);
    }

    @Override
    public String name() {
        return field.getName();
    }

    @Override
    public int dim() {
        return dim;
    }

    @Override
    public int read() {
        Object module = owner.get();
        if (module == null) {
            return 0;
        }
        try {
            return field.getInt(module);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot read " + field + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void write(int value) {
        Object module = owner.get();
        if (module == null) {
            return;
        }
        try {
            field.setInt(module, value);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot write " + field + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return field.getDeclaringClass().getSimpleName() + "." + field.getName() + " (dim " + dim + ")";
    }
}
