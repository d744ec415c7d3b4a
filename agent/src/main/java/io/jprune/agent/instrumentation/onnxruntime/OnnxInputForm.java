package io.jprune.agent.instrumentation.onnxruntime;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.LinkedHashMap;
import java.util.Map;

import io.jprune.runtime.spi.ActivationForm;

/**
 * What the engine keeps of an ONNX session's runs: the input map of float {@code OnnxTensor}s, copied into an
 * {@link OnnxRun}, on which the graph's compaction is checked before it is installed. The graph states where channels
 * go ({@link OnnxStructure}), so nothing is replayed or perturbed per module: the per-value operations are refused.
 * Reads the tensors through their public methods, looked up on the app's own classes.
 */
final class OnnxInputForm implements ActivationForm {
    private static final String WHY = "an ONNX model's structure is read from its graph, not replayed module by "
            + "module";
    private static final MethodHandles.Lookup PUBLIC = MethodHandles.publicLookup();

    @Override
    public String description() {
        return "maps of float or int64 OnnxTensors (ONNX Runtime session inputs)";
    }

    @Override
    public boolean accepts(Object value) {
        if (!(value instanceof Map<?, ?> inputs) || inputs.isEmpty()) {
            return false;
        }
        for (Map.Entry<?, ?> input : inputs.entrySet()) {
            if (!(input.getKey() instanceof String) || type(input.getValue()) == null) {
                return false;
            }
        }
        return true;
    }

    @Override
    public Object copy(Object value) {
        if (value instanceof OnnxRun run) {
            return run;
        }
        Map<String, long[]> shapes = new LinkedHashMap<>();
        Map<String, float[]> values = new LinkedHashMap<>();
        Map<String, long[]> integers = new LinkedHashMap<>();
        for (Map.Entry<?, ?> input : ((Map<?, ?>) value).entrySet()) {
            Object tensor = input.getValue();
            String name = (String) input.getKey();
            try {
                Object info = PUBLIC.findVirtual(tensor.getClass(), "getInfo",
                        MethodType.methodType(infoClass(tensor))).invoke(tensor);
                shapes.put(name, (long[]) PUBLIC.findVirtual(info.getClass(), "getShape",
                        MethodType.methodType(long[].class)).invoke(info));
                if ("FLOAT".equals(type(tensor))) {
                    FloatBuffer buffer = (FloatBuffer) PUBLIC.findVirtual(tensor.getClass(), "getFloatBuffer",
                            MethodType.methodType(FloatBuffer.class)).invoke(tensor);
                    float[] floats = new float[buffer.remaining()];
                    buffer.get(floats);
                    values.put(name, floats);
                } else {
                    LongBuffer buffer = (LongBuffer) PUBLIC.findVirtual(tensor.getClass(), "getLongBuffer",
                            MethodType.methodType(LongBuffer.class)).invoke(tensor);
                    long[] longs = new long[buffer.remaining()];
                    buffer.get(longs);
                    integers.put(name, longs);
                }
            } catch (Throwable t) {
                throw new IllegalStateException("cannot copy ONNX input " + name + ": " + t, t);
            }
        }
        return new OnnxRun(shapes, values, integers);
    }

    @Override
    public long bytes(Object value) {
        if (value instanceof OnnxRun run) {
            return run.bytes();
        }
        long bytes = 0;
        for (Object tensor : ((Map<?, ?>) value).values()) {
            bytes += elements(tensor) * ("FLOAT".equals(type(tensor)) ? Float.BYTES : Long.BYTES);
        }
        return bytes;
    }

    /**
     * The outputs of a private run ({@link OnnxPrivateCopy}: every float output, one after the other), which the
     * sweep compares; a run's inputs are a map of named tensors, not one array of floats, so they give none.
     */
    @Override
    public float[] floats(Object value) {
        return value instanceof float[] outputs ? outputs : null;
    }

    @Override
    public void writeFloats(Object value, float[] values) {
        throw new UnsupportedOperationException(WHY);
    }

    /** {@code FLOAT} or {@code INT64} for a tensor jprune copies, else {@code null}. */
    private static String type(Object value) {
        if (value == null || !value.getClass().getName().equals("ai.onnxruntime.OnnxTensor")) {
            return null;
        }
        try {
            Object info = PUBLIC.findVirtual(value.getClass(), "getInfo", MethodType.methodType(infoClass(value)))
                    .invoke(value);
            Object type = PUBLIC.findGetter(info.getClass(), "type", Class.forName("ai.onnxruntime.OnnxJavaType",
                    false, value.getClass().getClassLoader())).invoke(info);
            String name = String.valueOf(type);
            return name.equals("FLOAT") || name.equals("INT64") ? name : null;
        } catch (Throwable t) {
            return null;
        }
    }

    private static long elements(Object tensor) {
        try {
            Object info = PUBLIC.findVirtual(tensor.getClass(), "getInfo", MethodType.methodType(infoClass(tensor)))
                    .invoke(tensor);
            MethodHandle count = PUBLIC.findVirtual(info.getClass(), "getNumElements",
                    MethodType.methodType(long.class));
            return (long) count.invoke(info);
        } catch (Throwable t) {
            throw new IllegalStateException("cannot size an ONNX input: " + t, t);
        }
    }

    private static Class<?> infoClass(Object tensor) throws ClassNotFoundException {
        return Class.forName("ai.onnxruntime.TensorInfo", false, tensor.getClass().getClassLoader());
    }
}
