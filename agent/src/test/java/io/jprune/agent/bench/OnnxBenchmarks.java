package io.jprune.agent.bench;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What jprune costs an app that runs ONNX Runtime sessions (issue 13), measured in one run on one machine:
 * {@code OrtSession.run} throughput with the agent over without, nothing pruned and pruned, on {@code cnn_mnist.onnx}
 * and on a 22M-parameter {@link TransformerOnnx} encoder; the time from a prune call to the app running the pruned
 * weights over one session creation; the memory a pruned model adds over its bytes, for a session created from a
 * file and from bytes (which jprune spills to a temporary file). Prints the table and writes it between the ONNX
 * markers of {@code docs/benchmarks.md}. Run by {@code agent/benchmarks.sh} after {@link OverheadBenchmarks}.
 */
public final class OnnxBenchmarks {
    static final String BEGIN = "<!-- onnx:begin -->";
    static final String END = "<!-- onnx:end -->";
    static final double LATENCY_TARGET = 1.5;
    static final double MEMORY_TARGET = 1.1;

    private OnnxBenchmarks() {
    }

    /** Runs everything; settings come from system properties (see {@link BenchSettings}). */
    public static void main(String[] args) throws Exception {
        BenchSettings settings = BenchSettings.fromSystemProperties();
        MachineDetails machine = MachineDetails.now();
        String loadBefore = MachineDetails.loadAverage();
        long start = System.nanoTime();
        System.out.println("jprune ONNX Runtime benchmarks on " + machine.cpu() + ", " + machine.cores()
                + " cores; load average " + loadBefore);
        ThroughputRounds rounds = new ThroughputRounds(settings);
        List<Case> cases = List.of(Case.NO_AGENT, Case.AGENT, Case.PRUNED);
        System.out.println("[1/3] cnn_mnist.onnx, run throughput");
        Map<Case, ForkedScores> mnist = rounds.run(OnnxRunBenchmark.class, cases, List.of("-Xms512m", "-Xmx512m"));
        System.out.println("[2/3] transformer (" + TransformerOnnx.PARAMETERS + " parameters), run throughput");
        Map<Case, ForkedScores> transformer = rounds.run(OnnxTransformerRunBenchmark.class, cases,
                List.of("-Xms1g", "-Xmx1g"));
        System.out.println("[3/3] prune-to-run time and memory per pruned model");
        ResultTable table = new ResultTable();
        double target = OverheadReport.ONNX_RUN_TARGET;
        table.add(OverheadReport.ratio("cnn_mnist.onnx run: agent attached, nothing pruned / no agent", mnist,
                Case.AGENT, Case.NO_AGENT, target));
        table.add(OverheadReport.ratio("cnn_mnist.onnx run: every weight 50% l1_unstructured, runs routed to "
                + "jprune's session / no agent", mnist, Case.PRUNED, Case.NO_AGENT, target));
        table.add(OverheadReport.ratio("transformer run: agent attached, nothing pruned / no agent", transformer,
                Case.AGENT, Case.NO_AGENT, target));
        table.add(OverheadReport.ratio("transformer run: layer 0's attention weights 50% l1_unstructured, runs "
                + "routed to jprune's session / no agent", transformer, Case.PRUNED, Case.NO_AGENT, target));
        StringBuilder details = new StringBuilder(OverheadReport.absolute("cnn_mnist.onnx", mnist, false)
                .replace("forwards", "runs").replace("per forward", "per run"))
                .append(OverheadReport.absolute("transformer", transformer, true).replace("forwards", "runs")
                        .replace("per forward", "per run"));
        for (String model : List.of("cnn_mnist", TransformerOnnx.NAME)) {
            for (String source : List.of("file", "bytes")) {
                System.out.println("  " + model + " from " + source);
                OnnxCostRun.Result cost = OnnxCostRun.measure(settings, model, source);
                String what = model + (source.equals("file") ? " (session from its file)"
                        : " (session from bytes, spilled to a temporary file)");
                table.add(row("prune call to the app's first pruned run / one session creation: " + what,
                        cost.latencyRatio(), LATENCY_TARGET, "prune"));
                table.add(row("extra memory (native RSS + heap) of the pruned model / its bytes: " + what,
                        cost.memoryRatio(), MEMORY_TARGET, "JVM"));
                details.append(String.format(Locale.ROOT, "- %s: one session creation %.1f ms (median); each "
                        + "JVM: %s%n", what, cost.createMillis().median(), cost.detail()));
            }
        }
        double minutes = (System.nanoTime() - start) / 60e9;
        String loadAfter = MachineDetails.loadAverage();
        OverheadReport.print(table, details.toString(), loadBefore, loadAfter, minutes);
        BenchmarksDoc.writeSection(settings.doc(), section(machine, settings, table, details.toString(), loadBefore,
                loadAfter, minutes), BEGIN, END);
        System.out.println("written to " + settings.doc());
    }

    private static ResultTable.Row row(String measure, Series ratios, double target, String unit) {
        boolean meets = ratios.median() <= target;
        return new ResultTable.Row(measure, OverheadReport.f3(ratios.median()), OverheadReport.f3(ratios.min())
                + " / " + OverheadReport.f3(ratios.median()) + " (" + ratios.size() + " " + unit
                + (ratios.size() == 1 ? "" : "s") + ")", "<= " + OverheadReport.f2(target),
                meets ? "meets" : "MISSES", String.format(Locale.ROOT, "range %.3f-%.3f", ratios.min(), ratios.max()));
    }

    private static String section(MachineDetails machine, BenchSettings settings, ResultTable table, String details,
                                  String loadBefore, String loadAfter, double minutes) {
        return String.format(Locale.ROOT, """
                ## ONNX Runtime sessions

                `bash agent/benchmarks.sh` measures everything below in one run (%.1f minutes on this machine, after \
                the overhead section) and rewrites this section.

                - Machine: %s, %d cores, %s memory; %s; %s
                - Run started %s; load average (1 / 5 / 15 min) %s at the start, %s at the end
                - Settings: %s

                %s
                How to read it:

                - Run throughput: as the overhead table's ratios, one `OrtSession.run` per benchmark call. Every \
                session runs on one ONNX Runtime thread (`setIntraOpNumThreads(1)`, `setInterOpNumThreads(1)`): its \
                thread pool otherwise fights the forks for the cores. `cnn_mnist.onnx` classifies one held-out \
                digit; the transformer is `TransformerOnnx`, a BERT-like encoder built by the benchmark with ONNX's \
                protobuf classes (%d layers, width %d, feed-forward %d, one head, %d tokens, %,d parameters, \
                exported-style names such as `onnx::MatMul_100`). Pruned forks check that the output changed.
                - Prune-to-run: `OnnxCostProbe` in a JVM with the agent times `global_unstructured` (L1, 0.5 over \
                every weight, one change) from the JMX call to the end of the app's next run, less one ordinary run, \
                over the median of three `createSession` calls for the same model and options: what the app would \
                pay to load the pruned model itself. Three prune/restore cycles per JVM.
                - Memory: the same probe's first prune, native memory (RSS growth; the heap is committed and touched \
                at start) plus heap in use after full collections, over the model file's bytes; one figure per JVM, \
                `MALLOC_ARENA_MAX=1`, each taken after the app ran again 1.5 s later (jprune then lets go of the model \
                it parsed for the prune). The floor is one more session of the model: the absolute figures below \
                show what the app's own session added to RSS when it was created and first run. For `cnn_mnist` \
                (0.1 MiB) the ratio is all fixed cost (a session's own native structures, the classes and code of a \
                first prune) and says nothing about a model's size. "From bytes" is an app that gives \
                `createSession` a `byte[]`: jprune writes it to a temporary file instead of keeping it on the heap.

                Absolute figures:

                %s""",
                minutes, machine.cpu(), machine.cores(), machine.memory(), machine.jdk(), machine.os(), machine.date(),
                loadBefore, loadAfter, settings.describe(), table.markdown(), TransformerOnnx.LAYERS,
                TransformerOnnx.WIDTH, TransformerOnnx.FEED_FORWARD, TransformerOnnx.TOKENS,
                TransformerOnnx.PARAMETERS, details);
    }
}
