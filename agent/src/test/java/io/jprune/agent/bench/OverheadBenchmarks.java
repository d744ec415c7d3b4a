package io.jprune.agent.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Answers "what does jprune cost my production JVM?" with figures measured in one run on one machine: forward
 * throughput with the agent attached, with every weight pruned, and in the PyTorch-like per-forward mode,
 * each over no agent; start-up to the first inference; extra heap per pruned parameter; the same throughput on
 * a model a thousand times larger; and prune latency from 1M to 64M floats. Prints the table and writes it
 * between the overhead markers of {@code docs/benchmarks.md}. Run by {@code agent/benchmarks.sh}, with a
 * class path of the benchmarks, the demo and JMH only, so that every agent measured is the shaded jar.
 */
public final class OverheadBenchmarks {
    private static final String FOUND_LENET = "found model LeNet";

    private OverheadBenchmarks() {
    }

    /** Runs everything; settings come from system properties (see {@link BenchSettings}). */
    public static void main(String[] args) throws Exception {
        BenchSettings settings = BenchSettings.fromSystemProperties();
        requireFile(settings.jar());
        requireFile(settings.demoJar());
        MachineDetails machine = MachineDetails.now();
        String loadBefore = MachineDetails.loadAverage();
        long start = System.nanoTime();
        System.out.println("jprune overhead benchmarks on " + machine.cpu() + ", " + machine.cores() + " cores; load "
                + "average " + loadBefore);
        System.out.println("settings: " + settings.describe());

        ThroughputRounds rounds = new ThroughputRounds(settings);
        List<Case> cases = List.of(Case.values());
        System.out.println("[1/5] demo LeNet, forward throughput");
        Map<Case, ForkedScores> lenet = rounds.run(LeNetForwardBenchmark.class, cases, List.of("-Xms512m", "-Xmx512m"));

        System.out.println("[2/5] start-up, " + settings.startupRuns() + " runs each");
        String agent = "-javaagent:" + settings.jar();
        StartupComparison firstInference = StartupComparison.measure(
                ChildJvm.command(List.of(), true, StartupProbe.class.getName()),
                ChildJvm.command(List.of(agent), true, StartupProbe.class.getName()),
                StartupProbe.MARKER, FOUND_LENET, settings.startupRuns());
        String[] demoPass = {"-jar", settings.demoJar().toString(), "--passes", "1", "--threads", "1", "--report-ms",
                "600000"};
        StartupComparison onePass = StartupComparison.measure(ChildJvm.command(List.of(), false, demoPass),
                ChildJvm.command(List.of(agent), false, demoPass), "jprune-demo: final accuracy", FOUND_LENET,
                settings.startupRuns());

        System.out.println("[3/5] heap per pruned parameter");
        Series heap = HeapRun.measure(settings, false);
        Series nestedHeap = HeapRun.measure(settings, true);

        System.out.println("[4/5] wide LeNet (" + RandomLayers.WIDE_PARAMETERS + " parameters), forward throughput");
        Map<Case, ForkedScores> wide = rounds.run(WideLeNetForwardBenchmark.class, cases,
                List.of("-Xms2g", "-Xmx2g"));

        System.out.println("[5/5] prune latency");
        Map<Integer, Series> latency = PruneLatencyRun.measure(settings);

        System.out.println("[+] cnn_mnist as a DJL block (PyTorch engine), forward throughput and memory");
        Map<Case, ForkedScores> djl = rounds.run(DjlForwardBenchmark.class, List.of(Case.NO_AGENT, Case.AGENT,
                Case.PRUNED), List.of("-Xms512m", "-Xmx512m"));
        Series djlMemory = DjlMemoryRun.measure(settings);

        ResultTable table = new ResultTable();
        Double target = OverheadReport.THROUGHPUT_TARGET;
        table.add(OverheadReport.ratio("demo LeNet forward: agent attached, nothing pruned / no agent", lenet,
                Case.AGENT, Case.NO_AGENT, target));
        table.add(OverheadReport.ratio("demo LeNet forward: every weight 50% l1_unstructured (cached) / no agent",
                lenet, Case.PRUNED, Case.NO_AGENT, target));
        table.add(OverheadReport.ratio("demo LeNet forward: every weight 50% l1_unstructured, recompute=per-forward "
                + "(PyTorch-like) / no agent", lenet, Case.PRUNED_PER_FORWARD, Case.NO_AGENT, null));
        table.add(OverheadReport.ratio("demo LeNet forward: cached / recompute=per-forward (what caching saves)",
                lenet, Case.PRUNED, Case.PRUNED_PER_FORWARD, null));
        table.add(OverheadReport.startup("JVM start to first inference (demo LeNet): agent - no agent",
                firstInference, OverheadReport.STARTUP_TARGET_MS));
        table.add(OverheadReport.startup("JVM start to end of one pass over 2,000 digits (demo-app.jar): "
                + "agent - no agent", onePass, null));
        table.add(OverheadReport.heap(heap, "one float[]"));
        table.add(OverheadReport.heap(nestedHeap, "float[4096][4096] rows"));
        table.add(OverheadReport.ratio("wide LeNet (52M parameters) forward: agent attached, nothing pruned / no "
                + "agent", wide, Case.AGENT, Case.NO_AGENT, target));
        table.add(OverheadReport.ratio("wide LeNet forward: every weight 50% l1_unstructured (cached) / no agent",
                wide, Case.PRUNED, Case.NO_AGENT, target));
        table.add(OverheadReport.ratio("wide LeNet forward: every weight 50% l1_unstructured, recompute=per-forward "
                + "/ no agent", wide, Case.PRUNED_PER_FORWARD, Case.NO_AGENT, null));
        table.add(OverheadReport.ratio("wide LeNet forward: cached / recompute=per-forward (what caching saves)",
                wide, Case.PRUNED, Case.PRUNED_PER_FORWARD, null));
        latency.forEach((size, millis) -> table.add(OverheadReport.pruneLatency(size, millis)));
        table.add(OverheadReport.ratio("cnn_mnist DJL forward (PyTorch engine): agent attached, nothing pruned / no "
                + "agent", djl, Case.AGENT, Case.NO_AGENT, OverheadReport.ONNX_RUN_TARGET));
        table.add(OverheadReport.ratio("cnn_mnist DJL forward: every weight 50% l1_unstructured, layers reading "
                + "jprune's masked arrays / no agent", djl, Case.PRUNED, Case.NO_AGENT,
                OverheadReport.ONNX_RUN_TARGET));
        table.add(DjlMemoryRun.row(djlMemory));

        String details = OverheadReport.absolute("demo LeNet", lenet, false)
                + OverheadReport.absolute("wide LeNet", wide, true)
                + OverheadReport.startupPhases(firstInference);
        double minutes = (System.nanoTime() - start) / 60e9;
        String loadAfter = MachineDetails.loadAverage();
        OverheadReport.print(table, details, loadBefore, loadAfter, minutes);
        BenchmarksDoc.writeSection(settings.doc(), OverheadSection.markdown(machine, settings, table, details,
                firstInference.agentBanner(), loadBefore, loadAfter, minutes));
        System.out.println("written to " + settings.doc());
    }

    private static void requireFile(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException(file + " is missing; build first: mvn -B -q install -DskipTests");
        }
    }
}
