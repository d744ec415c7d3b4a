package io.jprune.agent.reliability.app;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.jprune.demo.Mnist;

import java.lang.management.ManagementFactory;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import javax.management.ObjectName;

/**
 * An app with two ONNX Runtime sessions held in {@code static final} fields, as services hold theirs: cnn_mnist
 * created from its file, and a small linear model created from bytes (so named after its graph). One thread runs
 * both in turn until killed, and as many more threads as asked run the small one without pause; the app can close
 * the small one while keeping its reference.
 *
 * <pre>java -javaagent:jprune.jar -cp test-classes:demo-app.jar:onnxruntime.jar ...OnnxSessionsApp MNIST.onnx TINY.onnx [THREADS]</pre>
 */
public final class OnnxSessionsApp implements OnnxSessionsAppMXBean {
    /** The app's MBean. */
    public static final String OBJECT_NAME = "onnxapp:type=App";

    private static final OrtEnvironment ENVIRONMENT = OrtEnvironment.getEnvironment();
    private static OrtSession mnist;
    private static OrtSession tiny;

    private final AtomicReference<float[]> tinyOutput = new AtomicReference<>(new float[0]);
    private final AtomicReference<float[]> mnistLogits = new AtomicReference<>(new float[0]);
    private final AtomicLong rounds = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final Set<String> distinctTinyOutputs = ConcurrentHashMap.newKeySet();
    private volatile boolean tinyClosed;

    /** Runs until killed. */
    public static void main(String[] args) throws Exception {
        mnist = ENVIRONMENT.createSession(args[0], new OrtSession.SessionOptions());
        tiny = ENVIRONMENT.createSession(Files.readAllBytes(Path.of(args[1])));
        OnnxSessionsApp app = new OnnxSessionsApp();
        ManagementFactory.getPlatformMBeanServer().registerMBean(app, new ObjectName(OBJECT_NAME));
        float[] digit = Mnist.test().image(0);
        float[] x = {1, 2, 3};
        int tinyThreads = args.length > 2 ? Integer.parseInt(args[2]) : 0;
        for (int t = 0; t < tinyThreads; t++) {
            Thread runs = new Thread(() -> app.runTinyUntilClosed(x), "tiny-runs-" + t);
            runs.setDaemon(true);
            runs.start();
        }
        System.out.println("onnx-sessions-app: running");
        while (true) {
            try {
                app.mnistLogits.set(run(mnist, "input_image", digit, new long[] {1, 1, 28, 28}));
                if (!app.tinyClosed) {
                    app.tinyOutput.set(run(tiny, "x", x, new long[] {1, 3}));
                }
            } catch (OrtException | RuntimeException e) {
                if (app.errors.getAndIncrement() == 0) {
                    e.printStackTrace();
                }
            }
            app.rounds.incrementAndGet();
            Thread.sleep(2);
        }
    }

    /** More threads running the small session concurrently, recording every distinct output. */
    private void runTinyUntilClosed(float[] x) {
        while (!tinyClosed) {
            try {
                distinctTinyOutputs.add(Arrays.toString(run(tiny, "x", x, new long[] {1, 3})));
            } catch (OrtException | RuntimeException e) {
                if (!tinyClosed && errors.getAndIncrement() == 0) {
                    e.printStackTrace();
                }
            }
        }
    }

    private static float[] run(OrtSession session, String input, float[] values, long[] shape) throws OrtException {
        try (OnnxTensor tensor = OnnxTensor.createTensor(ENVIRONMENT, FloatBuffer.wrap(values), shape);
             OrtSession.Result result = session.run(Map.of(input, tensor))) {
            return ((float[][]) result.get(0).getValue())[0];
        }
    }

    @Override
    public float[] getTinyOutput() {
        return tinyOutput.get().clone();
    }

    @Override
    public String[] getDistinctTinyOutputs() {
        return distinctTinyOutputs.toArray(new String[0]);
    }

    @Override
    public float[] getMnistLogits() {
        return mnistLogits.get().clone();
    }

    @Override
    public long getRounds() {
        return rounds.get();
    }

    @Override
    public long getErrors() {
        return errors.get();
    }

    @Override
    public void closeTiny() {
        tinyClosed = true;
        try {
            Thread.sleep(200); // the running rounds finish with the session open
            tiny.close();
        } catch (OrtException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
