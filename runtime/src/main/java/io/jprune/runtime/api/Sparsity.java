package io.jprune.runtime.api;

import io.jprune.runtime.model.Model;
import io.jprune.runtime.model.ModelState;
import io.jprune.runtime.model.ParameterSlot;
import io.jprune.runtime.model.ParameterState;
import java.util.Collection;
import java.util.Map;

/**
 * The fraction of zero entries in parameters' effective weights in one generation: what a record of a change
 * shows before and after it. Counts zeros wherever they come from (a mask, {@code remove}, the app's own values),
 * since that is what the app computes with.
 */
final class Sparsity {
    private Sparsity() {
    }

    /**
     * @param params the parameters to count over; empty for every parameter of the model
     * @return zeros / entries, {@code 0} for no entries or a model the app has dropped
     */
    static double of(Model model, ModelState state, Collection<String> params) {
        Map<String, ParameterSlot> slots = model.slotsIn(state);
        Collection<String> names = params.isEmpty() ? slots.keySet() : params;
        long zeros = 0;
        long numel = 0;
        for (String name : names) {
            ParameterSlot slot = slots.get(name);
            if (slot == null) {
                continue;
            }
            float[] values = values(slot, state.get(name));
            if (values == null) {
                continue;
            }
            numel += values.length;
            for (float value : values) {
                if (value == 0f) {
                    zeros++;
                }
            }
        }
        return numel == 0 ? 0.0 : (double) zeros / numel;
    }

    private static float[] values(ParameterSlot slot, ParameterState state) {
        if (state != null && state.isPruned()) {
            return state.pruned().weight();
        }
        Object value = state != null ? state.original() : slot.handle().read();
        return value == null ? null : slot.handle().values(value);
    }
}
