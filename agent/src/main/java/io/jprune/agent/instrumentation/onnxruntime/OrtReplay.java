package io.jprune.agent.instrumentation.onnxruntime;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A session jprune builds from model bytes with the app's own ONNX Runtime, to run captured inputs through
 * privately: the graph's shape probe and the check that a compacted model computes what the masked one does. The
 * app never sees it; it is closed with {@link #close()}.
 */
final class OrtReplay implements AutoCloseable {
    private static final MethodHandles.Lookup PUBLIC = MethodHandles.publicLookup();

    /** One output: its shape and its values, when it holds floats ({@code null} otherwise). */
    record Output(long[] shape, float[] values) {
    }

    private final Object session;
    private final ClassLoader loader;

    /**
     * @throws IllegalStateException saying why ONNX Runtime refused the model
     */
    OrtReplay(Class<?> sessionClass, byte[] model) {
        this.loader = sessionClass.getClassLoader();
        try {
            this.session = OrtSessionHooks.creatingOwnSession(() -> OrtCalls.createSession(sessionClass, model,
                    null));
        } catch (Throwable t) {
            throw new IllegalStateException("ONNX Runtime could not load the model: " + message(t), t);
        }
    }

    /** Runs {@code run}; every output by name, in the graph's order. */
    Map<String, Output> run(OnnxRun run) {
        Map<String, Object> tensors = new LinkedHashMap<>();
        Object result = null;
        try {
            Class<?> envClass = Class.forName("ai.onnxruntime.OrtEnvironment", false, loader);
            Class<?> tensorClass = Class.forName("ai.onnxruntime.OnnxTensor", false, loader);
            Object env = PUBLIC.findStatic(envClass, "getEnvironment", MethodType.methodType(envClass)).invoke();
            for (String name : run.values().keySet()) {
                tensors.put(name, PUBLIC.findStatic(tensorClass, "createTensor", MethodType.methodType(tensorClass,
                        envClass, FloatBuffer.class, long[].class)).invoke(env, run.buffer(name),
                        run.shapes().get(name)));
            }
            for (String name : run.integers().keySet()) {
                tensors.put(name, PUBLIC.findStatic(tensorClass, "createTensor", MethodType.methodType(tensorClass,
                        envClass, LongBuffer.class, long[].class)).invoke(env, run.integerBuffer(name),
                        run.shapes().get(name)));
            }
            Class<?> resultClass = Class.forName("ai.onnxruntime.OrtSession$Result", false, loader);
            result = PUBLIC.findVirtual(session.getClass(), "run", MethodType.methodType(resultClass, Map.class))
                    .invoke(session, tensors);
            Map<String, Output> outputs = new LinkedHashMap<>();
            for (Object item : (Iterable<?>) result) {
                Map.Entry<?, ?> entry = (Map.Entry<?, ?>) item;
                outputs.put((String) entry.getKey(), output(entry.getValue(), tensorClass));
            }
            return outputs;
        } catch (Throwable t) {
            throw new IllegalStateException("ONNX Runtime could not run the model: " + message(t), t);
        } finally {
            closeAll(tensors.values().toArray());
            if (result != null) {
                closeAll(result);
            }
        }
    }

    private static Output output(Object value, Class<?> tensorClass) throws Throwable {
        if (!tensorClass.isInstance(value)) {
            return new Output(new long[0], null);
        }
        Class<?> infoClass = Class.forName("ai.onnxruntime.TensorInfo", false, tensorClass.getClassLoader());
        Object info = PUBLIC.findVirtual(tensorClass, "getInfo", MethodType.methodType(infoClass)).invoke(value);
        long[] shape = (long[]) PUBLIC.findVirtual(infoClass, "getShape", MethodType.methodType(long[].class))
                .invoke(info);
        Object type = PUBLIC.findGetter(infoClass, "type", Class.forName("ai.onnxruntime.OnnxJavaType", false,
                tensorClass.getClassLoader())).invoke(info);
        if (!"FLOAT".equals(String.valueOf(type))) {
            return new Output(shape, null);
        }
        FloatBuffer buffer = (FloatBuffer) PUBLIC.findVirtual(tensorClass, "getFloatBuffer",
                MethodType.methodType(FloatBuffer.class)).invoke(value);
        float[] values = new float[buffer.remaining()];
        buffer.get(values);
        return new Output(shape, values);
    }

    private static void closeAll(Object... closeables) {
        for (Object closeable : closeables) {
            try {
                ((AutoCloseable) closeable).close();
            } catch (Exception ignored) {
                // a tensor or result jprune made for a private run; nothing of the app's
            }
        }
    }

    private static String message(Throwable t) {
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    @Override
    public void close() {
        try {
            OrtCalls.close(session);
        } catch (Throwable ignored) {
            // a private session; closing it can only fail if ONNX Runtime is already gone
        }
    }
}
