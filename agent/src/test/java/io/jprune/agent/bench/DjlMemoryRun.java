package io.jprune.agent.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Runs {@link DjlMemoryProbe} in a JVM of its own with the agent, the Serial collector and a pre-touched heap (so
 * that resident memory moves with native memory only), and makes its row: extra native and heap memory per pruned
 * DJL parameter over the parameter's own bytes.
 */
final class DjlMemoryRun {
    private DjlMemoryRun() {
    }

    /** Extra memory over the parameter's own bytes, one value per prune after the first. */
    static Series measure(BenchSettings settings) throws Exception {
        List<String> jvmArgs = new ArrayList<>(List.of("-XX:+UseSerialGC", "-Xms1g", "-Xmx1g",
                "-XX:+AlwaysPreTouch"));
        jvmArgs.addAll(Case.AGENT.jvmArgs(settings.jar()));
        ChildJvm.Run run = ChildJvm.run(ChildJvm.command(jvmArgs, true, DjlMemoryProbe.class.getName(),
                Integer.toString(settings.heapRepetitions() + 1)), DjlMemoryProbe.RESULT);
        List<Double> ratios = new ArrayList<>();
        boolean first = true;
        for (String line : run.output()) {
            if (line.startsWith(DjlMemoryProbe.RESULT)) {
                String[] fields = line.substring(DjlMemoryProbe.RESULT.length()).trim().split(" ");
                if (!first) {
                    ratios.add((Double.parseDouble(fields[0]) + Double.parseDouble(fields[1]))
                            / Double.parseDouble(fields[2]));
                }
                first = false;
            }
        }
        return new Series(ratios);
    }

    /** The row of the overhead table. */
    static ResultTable.Row row(Series ratios) {
        return new ResultTable.Row("extra native + heap memory per pruned DJL parameter / its own bytes (Linear "
                + "4096x4096, 50% l1_unstructured); PyTorch holds 2.00",
                String.format(Locale.ROOT, "%.4f: +%.1f MiB for a 64 MiB weight (floor 1 + 1/32 = %.4f)",
                        ratios.median(), ratios.median() * 64, OverheadReport.HEAP_FLOOR),
                String.format(Locale.ROOT, "%.4f / %.4f (%d runs)", ratios.min(), ratios.median(), ratios.size()),
                String.format(Locale.ROOT, "<= %.2f", OverheadReport.HEAP_TARGET),
                ratios.median() <= OverheadReport.HEAP_TARGET ? "meets" : "MISSES",
                String.format(Locale.ROOT, "range %.4f", ratios.max() - ratios.min()));
    }
}
