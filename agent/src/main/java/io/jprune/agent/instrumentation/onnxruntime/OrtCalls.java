package io.jprune.agent.instrumentation.onnxruntime;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Map;
import java.util.Set;

/**
 * The few ONNX Runtime calls jprune makes itself, looked up on the app's own {@code OrtSession} class: jprune.jar
 * may not see the app's ONNX Runtime (an app that loads it in a class loader of its own), and must work with
 * whichever version the app brings.
 */
final class OrtCalls {
    private static final MethodHandles.Lookup PUBLIC = MethodHandles.publicLookup();

    /** {@code run(Map, Set, Map, RunOptions)} of each session class, as {@code (Object x5) Object}. */
    private static final ClassValue<MethodHandle> RUN = new ClassValue<>() {
        @Override
        protected MethodHandle computeValue(Class<?> session) {
            try {
                Class<?> runOptions = Class.forName("ai.onnxruntime.OrtSession$RunOptions", false,
                        session.getClassLoader());
                Class<?> result = Class.forName("ai.onnxruntime.OrtSession$Result", false, session.getClassLoader());
                MethodHandle run = PUBLIC.findVirtual(session, "run",
                        MethodType.methodType(result, Map.class, Set.class, Map.class, runOptions));
                return run.asType(MethodType.genericMethodType(4).insertParameterTypes(0, Object.class));
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("this ONNX Runtime has no OrtSession.run(Map, Set, Map, RunOptions)", e);
            }
        }
    };

    private OrtCalls() {
    }

    /** How to run a session of {@code sessionClass}; throws when this ONNX Runtime lacks the method. */
    static MethodHandle runOf(Class<?> sessionClass) {
        return RUN.get(sessionClass);
    }

    /**
     * A new session of the app's ONNX Runtime for {@code model}, with the app's {@code options} ({@code null}: the
     * defaults), created through the public {@code OrtEnvironment.createSession(byte[], SessionOptions)}.
     */
    static Object createSession(Class<?> sessionClass, byte[] model, Object options) throws Throwable {
        ClassLoader loader = sessionClass.getClassLoader();
        Class<?> environment = Class.forName("ai.onnxruntime.OrtEnvironment", false, loader);
        Class<?> optionsClass = Class.forName("ai.onnxruntime.OrtSession$SessionOptions", false, loader);
        Object env = PUBLIC.findStatic(environment, "getEnvironment", MethodType.methodType(environment)).invoke();
        if (options == null) {
            options = PUBLIC.findConstructor(optionsClass, MethodType.methodType(void.class)).invoke();
        }
        MethodHandle create = PUBLIC.findVirtual(environment, "createSession",
                MethodType.methodType(sessionClass, byte[].class, optionsClass));
        return create.invoke(env, model, options);
    }

    /** Closes a session jprune created. */
    static void close(Object session) throws Throwable {
        PUBLIC.findVirtual(session.getClass(), "close", MethodType.methodType(void.class)).invoke(session);
    }
}
