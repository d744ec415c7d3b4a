package io.jprune.agent.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.management.openmbean.CompositeData;

/**
 * One entry of {@code namedParameters}/{@code namedBuffers} as the Model MBean reports it: what a person needs to
 * judge a pruning step at a glance (shape, size, how many zeros) without fetching the values.
 */
record TensorInfo(String name, int[] shape, long numel, long zeros) {

    static TensorInfo from(CompositeData item) {
        return new TensorInfo((String) item.get("name"), intArray(item.get("shape")),
                ((Number) item.get("numel")).longValue(), ((Number) item.get("zeros")).longValue());
    }

    static List<TensorInfo> fromAll(CompositeData[] items) {
        List<TensorInfo> infos = new ArrayList<>();
        for (CompositeData item : items) {
            infos.add(from(item));
        }
        return infos;
    }

    /** Open types may carry {@code int[]} or {@code Integer[]} depending on how the MXBean declared the item. */
    private static int[] intArray(Object value) {
        if (value instanceof int[] ints) {
            return ints.clone();
        }
        Object[] boxed = (Object[]) value;
        int[] ints = new int[boxed.length];
        for (int i = 0; i < ints.length; i++) {
            ints[i] = ((Number) boxed[i]).intValue();
        }
        return ints;
    }

    /** The shape as PyTorch users write it in lists, e.g. {@code [6, 1, 3, 3]}. */
    String shapeText() {
        return Arrays.toString(shape);
    }

    double sparsity() {
        return numel == 0 ? 0 : (double) zeros / numel;
    }

    String sparsityText() {
        return String.format(Locale.ROOT, "%.1f%%", 100 * sparsity());
    }

    Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("name", name);
        json.put("shape", shape);
        json.put("numel", numel);
        json.put("zeros", zeros);
        json.put("sparsity", sparsity());
        return json;
    }

    static String table(List<TensorInfo> infos) {
        Table table = new Table("NAME", "SHAPE", ">NUMEL", ">ZEROS", ">SPARSITY");
        for (TensorInfo info : infos) {
            table.row(info.name, info.shapeText(), info.numel, info.zeros, info.sparsityText());
        }
        return table.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TensorInfo other && other.name.equals(name) && Arrays.equals(other.shape, shape)
                && other.numel == numel && other.zeros == zeros;
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.hashCode(shape);
    }

    @Override
    public String toString() {
        return name + " " + shapeText() + " numel=" + numel + " zeros=" + zeros;
    }
}
