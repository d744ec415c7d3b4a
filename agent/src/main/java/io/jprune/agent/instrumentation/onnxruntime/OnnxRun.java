package io.jprune.agent.instrumentation.onnxruntime;

import java.nio.FloatBuffer;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One run of an ONNX model as jprune keeps it: each float input's shape and values, copied out of the app's
 * {@code OnnxTensor}s so that the app may close them. What {@link OnnxInputForm} captures from the app's traffic
 * and {@link OrtReplay} feeds to sessions jprune builds itself.
 *
 * @param shapes each input's shape, by input name
 * @param values each input's values, flat and row-major, by input name
 */
record OnnxRun(Map<String, long[]> shapes, Map<String, float[]> values) {

    /** A run of zeros with these shapes: what the graph is probed with before the app ran it. */
    static OnnxRun zeros(Map<String, long[]> shapes) {
        Map<String, float[]> values = new LinkedHashMap<>();
        shapes.forEach((name, shape) -> {
            long count = 1;
            for (long d : shape) {
                count *= d;
            }
            values.put(name, new float[Math.toIntExact(count)]);
        });
        return new OnnxRun(shapes, values);
    }

    /** The bytes the copies take. */
    long bytes() {
        long bytes = 0;
        for (float[] input : values.values()) {
            bytes += (long) input.length * Float.BYTES;
        }
        return bytes;
    }

    /** The values of one input as a buffer an {@code OnnxTensor} can be made from. */
    FloatBuffer buffer(String name) {
        return FloatBuffer.wrap(values.get(name));
    }
}
