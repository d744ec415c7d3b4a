package io.jprune.agent.instrumentation.onnxruntime;

import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One run of an ONNX model as jprune keeps it: each input's shape and values (float, or int64 such as token ids),
 * copied out of the app's {@code OnnxTensor}s so that the app may close them. What {@link OnnxInputForm} captures
 * from the app's traffic and {@link OrtReplay} feeds to sessions jprune builds itself.
 *
 * @param shapes   each input's shape, by input name
 * @param values   each float input's values, flat and row-major, by input name
 * @param integers each int64 input's values, flat and row-major, by input name
 */
record OnnxRun(Map<String, long[]> shapes, Map<String, float[]> values, Map<String, long[]> integers) {

    /** A run of float inputs only. */
    OnnxRun(Map<String, long[]> shapes, Map<String, float[]> values) {
        this(shapes, values, Map.of());
    }

    /**
     * A run of zeros with these shapes: what the graph is probed with before the app ran it.
     *
     * @param integer the inputs that are int64
     */
    static OnnxRun zeros(Map<String, long[]> shapes, java.util.Set<String> integer) {
        Map<String, float[]> values = new LinkedHashMap<>();
        Map<String, long[]> integers = new LinkedHashMap<>();
        shapes.forEach((name, shape) -> {
            long count = 1;
            for (long d : shape) {
                count *= d;
            }
            if (integer.contains(name)) {
                integers.put(name, new long[Math.toIntExact(count)]);
            } else {
                values.put(name, new float[Math.toIntExact(count)]);
            }
        });
        return new OnnxRun(shapes, values, integers);
    }

    /** The bytes the copies take. */
    long bytes() {
        long bytes = 0;
        for (float[] input : values.values()) {
            bytes += (long) input.length * Float.BYTES;
        }
        for (long[] input : integers.values()) {
            bytes += (long) input.length * Long.BYTES;
        }
        return bytes;
    }

    /** The values of one float input as a buffer an {@code OnnxTensor} can be made from. */
    FloatBuffer buffer(String name) {
        return FloatBuffer.wrap(values.get(name));
    }

    /** The values of one int64 input as a buffer an {@code OnnxTensor} can be made from. */
    LongBuffer integerBuffer(String name) {
        return LongBuffer.wrap(integers.get(name));
    }
}
