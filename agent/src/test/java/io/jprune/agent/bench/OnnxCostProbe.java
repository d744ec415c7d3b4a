package io.jprune.agent.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.jprune.demo.Mnist;
import io.jprune.demo.onnx.OnnxDigitClassifier;

import java.io.IOException;
import java.io.InputStream;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What pruning an ONNX Runtime session costs, in a JVM of its own with the agent, on {@code cnn_mnist.onnx} or a
 * {@link TransformerOnnx} encoder, the app's session created from the model's file or from its bytes:
 * <ul>
 *   <li>the time from the prune call (every weight 50% {@code l1_unstructured} in one {@code global_unstructured}
 *       change) to the end of the app's first run on the pruned weights, less one ordinary run, over the time of
 *       one {@code createSession} of the same model (the app's own cost of loading it);</li>
 *   <li>the memory the first prune adds once the app has run again 1.5 s later (jprune then drops the model it read
 *       for the prune), native (RSS; the heap is committed and touched at start, so it does not show there) plus
 *       the heap in use after full collections, over the model's bytes.</li>
 * </ul>
 * Prints {@code onnx-cost create-ms X}, {@code onnx-cost session NATIVE} (what the app's own session and its
 * first run added to RSS, for comparison), {@code onnx-cost latency-ms X} per prune and one
 * {@code onnx-cost memory NATIVE HEAP MODEL} line (bytes).
 */
public final class OnnxCostProbe {
    static final String RESULT = "onnx-cost ";

    private OnnxCostProbe() {
    }

    /** {@code args}: {@code cnn_mnist} or {@code transformer}; {@code file} or {@code bytes}; prunes (default 3). */
    public static void main(String[] args) throws Exception {
        boolean transformer = args[0].equals(TransformerOnnx.NAME);
        boolean fromBytes = args[1].equals("bytes");
        int prunes = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        Path dir = Files.createTempDirectory("jprune-onnx-cost");
        Path file;
        List<String> weights;
        if (transformer) {
            file = TransformerOnnx.write(dir.resolve(TransformerOnnx.NAME + ".onnx"));
            weights = TransformerOnnx.weights();
        } else {
            file = dir.resolve("cnn_mnist.onnx");
            try (InputStream in = OnnxDigitClassifier.class.getResourceAsStream(OnnxDigitClassifier.RESOURCE)) {
                Files.write(file, in.readAllBytes());
            }
            weights = List.of("conv1.weight", "conv2.weight", "fc1.weight", "fc2.weight");
        }
        long modelBytes = Files.size(file);
        OrtEnvironment environment = OrtEnvironment.getEnvironment();
        List<Double> creations = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            byte[] bytes = fromBytes ? Files.readAllBytes(file) : null;
            long start = System.nanoTime();
            try (OrtSession ignored = fromBytes ? environment.createSession(bytes, OnnxRunBenchmark.oneThread())
                    : environment.createSession(file.toString(), OnnxRunBenchmark.oneThread())) {
                creations.add((System.nanoTime() - start) / 1e6);
            }
        }
        System.out.printf(Locale.ROOT, "%screate-ms %.3f%n", RESULT, new Series(creations).median());

        long beforeSession = rssBytes();
        OrtSession session = fromBytes ? environment.createSession(Files.readAllBytes(file),
                OnnxRunBenchmark.oneThread()) : environment.createSession(file.toString(), OnnxRunBenchmark.oneThread());
        Runner runner = transformer ? new Runner(environment, session, "x", TransformerOnnx.input(),
                new long[] {1, TransformerOnnx.TOKENS, TransformerOnnx.WIDTH})
                : new Runner(environment, session, "input_image", Mnist.test().images()[0], new long[] {1, 1, 28, 28});
        float[] unpruned = runner.run();
        System.out.printf(Locale.ROOT, "%ssession %d%n", RESULT, rssBytes() - beforeSession);
        List<Double> runs = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            long start = System.nanoTime();
            runner.run();
            runs.add((System.nanoTime() - start) / 1e6);
        }
        double oneRun = new Series(runs).median();
        String name = fromBytes ? session.getMetadata().getGraphName() : file.getFileName().toString()
                .replace(".onnx", "");
        LocalJprune jprune = LocalJprune.model(name);
        for (int p = 0; p < prunes; p++) {
            Thread.sleep(1500); // the app's next run a second later lets go of the model jprune read last
            runner.run();
            long rss = rssBytes();
            long heap = HeapProbe.usedAfterFullGc();
            long start = System.nanoTime();
            jprune.globalL1Unstructured(weights, "0.5");
            float[] pruned = runner.run();
            double millis = (System.nanoTime() - start) / 1e6 - oneRun;
            if (Arrays.equals(unpruned, pruned)) {
                throw new IllegalStateException("the app's run did not use the pruned weights");
            }
            System.out.printf(Locale.ROOT, "%slatency-ms %.3f%n", RESULT, millis);
            if (p == 0) {
                Thread.sleep(1500);
                runner.run();
                long heapGrowth = HeapProbe.usedAfterFullGc() - heap;
                long nativeGrowth = rssBytes() - rss;
                System.out.printf(Locale.ROOT, "%smemory %d %d %d%n", RESULT, nativeGrowth, heapGrowth, modelBytes);
            }
            jprune.restoreAll();
            runner.run();
        }
        session.close();
    }

    /** The process's resident set, from {@code /proc/self/status}. */
    static long rssBytes() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        throw new IOException("no VmRSS in /proc/self/status");
    }

    /** One input through the app's session, as the app runs it. */
    private record Runner(OrtEnvironment environment, OrtSession session, String input, float[] values, long[] shape) {
        float[] run() throws OrtException {
            try (OnnxTensor tensor = OnnxTensor.createTensor(environment, FloatBuffer.wrap(values), shape);
                 OrtSession.Result result = session.run(Map.of(input, tensor))) {
                Object value = result.get(0).getValue();
                return value instanceof float[][] rows ? rows[0] : ((float[][][]) value)[0][0];
            }
        }
    }
}
