package io.jprune.agent.cli;

import io.jprune.runtime.jmx.ModelMXBean;
import io.jprune.runtime.jmx.TensorInfo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How many entries each parameter's mask prunes, read from the model's {@code named_buffers()}: taken before and
 * after a change, it gives a script the numbers of a prune (pruned before, newly pruned, total, numel) as fields
 * rather than a sentence to parse. Another client changing the model in between would show in them too.
 *
 * @param zeros by parameter ({@code conv1.weight}), the entries its mask prunes
 * @param numel by parameter, its number of entries
 */
record MaskCounts(Map<String, Long> zeros, Map<String, Long> numel) {

    private static final String MASK = "_mask";

    /** The masks of the model now. */
    static MaskCounts of(RemoteModel model) throws CommandFailedException {
        TensorInfo[] buffers = model.call(ModelMXBean::getNamedBuffers);
        Map<String, Long> zeros = new LinkedHashMap<>();
        Map<String, Long> numel = new LinkedHashMap<>();
        for (TensorInfo buffer : buffers) {
            if (buffer.getName().endsWith(MASK)) {
                String param = buffer.getName().substring(0, buffer.getName().length() - MASK.length());
                zeros.put(param, buffer.getZeros());
                numel.put(param, buffer.getNumel());
            }
        }
        return new MaskCounts(Map.copyOf(zeros), Map.copyOf(numel));
    }

    /**
     * One row per parameter, {@code {param, numel, prunedBefore, newlyPruned, pruned, sparsity}}, from {@code before}
     * to this state; a parameter this state has no mask for counts as unpruned.
     */
    List<Map<String, Object>> since(MaskCounts before, List<String> params) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (String param : params) {
            long total = numel.getOrDefault(param, before.numel.getOrDefault(param, 0L));
            rows.add(row(param, total, before.zeros.getOrDefault(param, 0L), zeros.getOrDefault(param, 0L)));
        }
        return rows;
    }

    /**
     * The parameters pruned in this state that {@code after} has no mask for (a restore brought them back), one
     * row each, {@code {param, numel, prunedBefore}}, by name.
     */
    List<Map<String, Object>> restoredIn(MaskCounts after) {
        List<Map<String, Object>> rows = new ArrayList<>();
        zeros.keySet().stream().sorted().filter(param -> !after.zeros.containsKey(param)).forEach(param -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("param", param);
            row.put("numel", numel.get(param));
            row.put("prunedBefore", zeros.get(param));
            rows.add(row);
        });
        return rows;
    }

    /** The sum of {@link #since} rows, as one row without a parameter name. */
    static Map<String, Object> total(List<Map<String, Object>> rows) {
        long numel = 0;
        long before = 0;
        long after = 0;
        for (Map<String, Object> row : rows) {
            numel += (Long) row.get("numel");
            before += (Long) row.get("prunedBefore");
            after += (Long) row.get("pruned");
        }
        Map<String, Object> total = row(null, numel, before, after);
        total.remove("param");
        return total;
    }

    private static Map<String, Object> row(String param, long numel, long before, long after) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("param", param);
        row.put("numel", numel);
        row.put("prunedBefore", before);
        row.put("newlyPruned", after - before);
        row.put("pruned", after);
        row.put("sparsity", numel == 0 ? 0.0 : (double) after / numel);
        return row;
    }
}
