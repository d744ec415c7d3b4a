package io.jprune.agent.reliability;

import io.jprune.agent.e2e.JmxConsole;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every tensor of a model as a console sees it: the listings' names in order ({@code named_parameters()},
 * {@code named_buffers()}) and the values of every listed tensor and of every effective weight, so that
 * "the model is unchanged" can be checked bit for bit.
 *
 * @param parameterNames {@code named_parameters()} of the whole model, in order
 * @param bufferNames    {@code named_buffers()} of the whole model, in order
 * @param values         the values of every tensor, listed ones and effective weights, by name
 */
record ModelSnapshot(List<String> parameterNames, List<String> bufferNames, Map<String, float[]> values) {

    /** The snapshot of a model now. */
    static ModelSnapshot of(JmxConsole model, List<String> weights) throws Exception {
        List<String> parameters = model.names("namedParameters", "");
        List<String> buffers = model.names("namedBuffers", "");
        List<String> all = new ArrayList<>(weights);
        all.addAll(parameters);
        all.addAll(buffers);
        Map<String, float[]> values = new LinkedHashMap<>();
        for (String name : all) {
            values.putIfAbsent(name, model.tensor(name));
        }
        return new ModelSnapshot(parameters, buffers, values);
    }

    /** Where this snapshot and a later one differ, or {@code null} when they are the same bit for bit. */
    String differenceFrom(ModelSnapshot later) {
        if (!parameterNames.equals(later.parameterNames)) {
            return "named_parameters() was " + parameterNames + ", now " + later.parameterNames;
        }
        if (!bufferNames.equals(later.bufferNames)) {
            return "named_buffers() was " + bufferNames + ", now " + later.bufferNames;
        }
        if (!values.keySet().equals(later.values.keySet())) {
            return "tensors were " + values.keySet() + ", now " + later.values.keySet();
        }
        for (Map.Entry<String, float[]> entry : values.entrySet()) {
            float[] before = entry.getValue();
            float[] after = later.values.get(entry.getKey());
            if (before.length != after.length) {
                return entry.getKey() + " had " + before.length + " values, now " + after.length;
            }
            for (int i = 0; i < before.length; i++) {
                if (Float.floatToRawIntBits(before[i]) != Float.floatToRawIntBits(after[i])) {
                    return entry.getKey() + "[" + i + "] was " + before[i] + ", now " + after[i];
                }
            }
        }
        return null;
    }
}
