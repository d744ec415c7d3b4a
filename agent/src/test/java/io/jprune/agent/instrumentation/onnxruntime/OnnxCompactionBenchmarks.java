package io.jprune.agent.instrumentation.onnxruntime;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.jprune.runtime.spi.GraphStructure;
import io.jprune.runtime.structure.StructureReport;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * What compaction of an ONNX model buys: the compacted session's {@code run} latency over the masked session's, both
 * built by jprune's ONNX adapter from the same pruned weights, against their multiply-accumulate ratio. "Realised" is
 * the speed-up divided by the MAC ratio (1.0: the run got as much faster as its MACs fell). On {@code cnn_mnist.onnx}
 * with {@code ln_structured(0.5, n=2, dim=0)} on conv1, conv2 and fc1, and on a transformer block (128 tokens of 256
 * features, 8 heads, 1024 hidden features) with the same on its feed-forward fc1, then also with half its attention
 * heads (1, 3, 5, 7) cut in Q, K and V. One ONNX Runtime thread per session,
 * the two sessions measured in alternating rounds; the median per-run time of each is compared.
 *
 * <p>{@code java -cp ... io.jprune.agent.instrumentation.onnxruntime.OnnxCompactionBenchmarks [rounds] [runsPerRound]};
 * {@code bash agent/benchmarks.sh} runs it after the overhead benchmarks.
 */
public final class OnnxCompactionBenchmarks {
    private OnnxCompactionBenchmarks() {
    }

    /** Prints one row per model. */
    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        System.out.println("| model | MACs masked -> compacted | MAC ratio | run latency masked / compacted (median of "
                + rounds + " rounds of " + runs + " runs) | speed-up | realised (speed-up / MAC ratio) | target |");
        System.out.println("|---|---|---|---|---|---|---|");
        row("cnn_mnist.onnx, ln_structured 0.5 on conv1, conv2, fc1",
                Files.readAllBytes(OnnxStructureTest.MNIST), Set.of("conv1.weight", "conv2.weight", "fc1.weight"),
                OnnxStructureTest.image(1), rounds, runs);
        row("transformer block (128 x 256, 8 heads, FFN 1024), ln_structured 0.5 on ffn.fc1",
                TransformerGraph.model(128, 256, 8, 1024), Set.of("ffn.fc1.weight"), tokens(128, 256), rounds, runs);
        row("the same block, also heads 1, 3, 5, 7 of Q, K and V", TransformerGraph.model(128, 256, 8, 1024),
                Set.of("ffn.fc1.weight", "attention.query.weight", "attention.key.weight", "attention.value.weight"),
                tokens(128, 256), rounds, runs);
    }

    private static void row(String name, byte[] bytes, Set<String> pruned, OnnxRun input, int rounds, int runs)
            throws Exception {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        options.setIntraOpNumThreads(1);
        options.setInterOpNumThreads(1);
        try (OrtSession app = env.createSession(bytes, options)) {
            SessionRecord record = new SessionRecord(app, ModelSource.of(bytes, app), null);
            Map<String, float[]> values = new LinkedHashMap<>();
            Map<String, float[]> masks = new LinkedHashMap<>();
            Map<OnnxParameter, float[]> masked = new LinkedHashMap<>();
            for (OnnxParameter parameter : record.graph().parameters()) {
                float[] value = record.readModel().values(parameter);
                if (pruned.contains(parameter.qualifiedName())) {
                    float[] mask = parameter.qualifiedName().startsWith("attention.")
                            ? oddHeads(value.length, parameter.shape().size(0), 8)
                            : OnnxStructureTest.lnStructured(value, parameter.shape().size(0));
                    masks.put(parameter.qualifiedName(), mask);
                    for (int i = 0; i < value.length; i++) {
                        value[i] *= mask[i];
                    }
                }
                values.put(parameter.qualifiedName(), value);
                masked.put(parameter, value);
            }
            List<Object[]> captured = new ArrayList<>();
            captured.add(new Object[] {input});
            GraphStructure.Plan plan = new OnnxStructure(record, app.getClass()).plan(values, masks, captured);
            String problem = plan.verify();
            if (problem != null) {
                throw new IllegalStateException(name + ": " + problem);
            }
            byte[] maskedBytes = record.readModel().withValues(masked);
            OnnxStructureTest.install(record, plan);
            StructureReport report = plan.report();
            try (OrtSession before = env.createSession(maskedBytes, options);
                 OrtSession after = env.createSession(record.installedModel(), options)) {
                double[] medians = alternate(env, before, after, input, rounds, runs);
                double macRatio = (double) report.getMacs() / report.getCompactedMacs();
                double speedup = medians[0] / medians[1];
                System.out.printf(Locale.ROOT, "| %s | %,d -> %,d | %.2fx | %.1f / %.1f us | %.2fx | %.2f | >= 0.8 %s |%n",
                        name, report.getMacs(), report.getCompactedMacs(), macRatio, medians[0] / 1e3,
                        medians[1] / 1e3, speedup, speedup / macRatio, speedup / macRatio >= 0.8 ? "meets" : "MISSES");
            }
        }
    }

    /** Median nanoseconds per run of each session, measured in alternating rounds after a warm-up. */
    private static double[] alternate(OrtEnvironment env, OrtSession a, OrtSession b, OnnxRun input, int rounds,
                                      int runs) throws Exception {
        for (int i = 0; i < runs; i++) {
            OnnxStructureTest.run(env, a, input);
            OnnxStructureTest.run(env, b, input);
        }
        double[] timesA = new double[rounds];
        double[] timesB = new double[rounds];
        for (int round = 0; round < rounds; round++) {
            timesA[round] = time(env, a, input, runs);
            timesB[round] = time(env, b, input, runs);
        }
        Arrays.sort(timesA);
        Arrays.sort(timesB);
        return new double[] {timesA[rounds / 2], timesB[rounds / 2]};
    }

    private static double time(OrtEnvironment env, OrtSession session, OnnxRun input, int runs) throws Exception {
        long start = System.nanoTime();
        for (int i = 0; i < runs; i++) {
            OnnxStructureTest.run(env, session, input);
        }
        return (double) (System.nanoTime() - start) / runs;
    }

    /** A mask cutting the rows of heads 1, 3, 5, ... of a {@code [rows, in]} projection with {@code heads} heads. */
    private static float[] oddHeads(int length, int rows, int heads) {
        int per = length / rows;
        int head = rows / heads;
        float[] mask = new float[length];
        for (int row = 0; row < rows; row++) {
            float keep = row / head % 2 == 1 ? 0f : 1f;
            Arrays.fill(mask, row * per, (row + 1) * per, keep);
        }
        return mask;
    }

    private static OnnxRun tokens(int sequence, int features) {
        Random random = new Random(3);
        float[] x = new float[sequence * features];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextGaussian();
        }
        return new OnnxRun(Map.of("x", new long[] {1, sequence, features}), Map.of("x", x));
    }

}
