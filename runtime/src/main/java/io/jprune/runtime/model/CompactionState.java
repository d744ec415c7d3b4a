package io.jprune.runtime.model;

import io.jprune.runtime.spi.DimHandle;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What compaction changed in a generation, beyond the parameters' values: the shapes the parameters have now,
 * the int dims the app's loops run to, and, for {@code restore}, what every touched parameter was before its
 * first compaction. Immutable; carried from generation to generation until a restore drops it.
 *
 * @param slots   the compacted parameters' slots, whose handles have the compacted shapes, by qualified name
 * @param dims    every int dim compaction changed, by {@code module.field}
 * @param before  every parameter compaction touched, as it was before its first compaction: the app's own
 *                objects (and their pruning, if any), so that restore gives back the original model
 * @param modules the compacted modules, in model order, for people
 */
public record CompactionState(Map<String, ParameterSlot> slots, Map<String, DimValue> dims,
                       Map<String, ParameterState> before, List<String> modules) {

    /** One int dim of the app: the value it had before any compaction and the one this generation wants. */
    public record DimValue(DimHandle handle, int original, int value) {
    }

    public CompactionState {
        slots = Map.copyOf(slots);
        dims = Map.copyOf(dims);
        before = Map.copyOf(before);
        modules = List.copyOf(modules);
    }

    /** This compaction followed by another: the newer slots and dims win, the older originals stay. */
    public CompactionState then(CompactionState next) {
        Map<String, ParameterSlot> allSlots = new LinkedHashMap<>(slots);
        allSlots.putAll(next.slots);
        Map<String, DimValue> allDims = new LinkedHashMap<>(dims);
        for (Map.Entry<String, DimValue> dim : next.dims.entrySet()) {
            DimValue older = dims.get(dim.getKey());
            DimValue newer = dim.getValue();
            allDims.put(dim.getKey(), older == null ? newer
                    : new DimValue(newer.handle(), older.original(), newer.value()));
        }
        Map<String, ParameterState> allBefore = new LinkedHashMap<>(next.before);
        allBefore.putAll(before);
        List<String> allModules = new ArrayList<>(modules);
        for (String module : next.modules) {
            if (!allModules.contains(module)) {
                allModules.add(module);
            }
        }
        return new CompactionState(allSlots, allDims, allBefore, allModules);
    }
}
