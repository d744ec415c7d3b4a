package io.jprune.agent.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Runs {@link OnnxCostProbe} in JVMs of their own with the agent: the heap fixed, committed and touched at start
 * ({@code -Xms} = {@code -Xmx}, {@code -XX:+AlwaysPreTouch}) so that RSS growth is native memory, and glibc held to
 * one malloc arena ({@code MALLOC_ARENA_MAX=1}) so that per-thread arenas do not hide or mimic what a session adds.
 */
final class OnnxCostRun {
    /**
     * What one case measured over its JVMs.
     *
     * @param latencyRatio prune-to-pruned-run time over one session creation, each prune of each JVM
     * @param memoryRatio  (native + heap growth) over the model's bytes, one per JVM
     * @param createMillis one session creation, the median of each JVM
     * @param detail       the absolute figures, for the details section
     */
    record Result(Series latencyRatio, Series memoryRatio, Series createMillis, String detail) {
    }

    private OnnxCostRun() {
    }

    static Result measure(BenchSettings settings, String model, String source) throws Exception {
        List<Double> latency = new ArrayList<>();
        List<Double> memory = new ArrayList<>();
        List<Double> creates = new ArrayList<>();
        StringBuilder detail = new StringBuilder();
        for (int jvm = 0; jvm < settings.heapRepetitions(); jvm++) {
            List<String> jvmArgs = new ArrayList<>(List.of("-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"));
            jvmArgs.addAll(Case.AGENT.jvmArgs(settings.jar()));
            ChildJvm.Run run = ChildJvm.run(ChildJvm.command(jvmArgs, true, OnnxCostProbe.class.getName(), model,
                    source, "3"), OnnxCostProbe.RESULT, Map.of("MALLOC_ARENA_MAX", "1"));
            double create = Double.NaN;
            for (String line : run.output()) {
                if (!line.startsWith(OnnxCostProbe.RESULT)) {
                    continue;
                }
                String[] fields = line.substring(OnnxCostProbe.RESULT.length()).trim().split(" ");
                switch (fields[0]) {
                    case "create-ms" -> {
                        create = Double.parseDouble(fields[1]);
                        creates.add(create);
                    }
                    case "latency-ms" -> latency.add(Double.parseDouble(fields[1]) / create);
                    case "session" -> detail.append(String.format(Locale.ROOT, "%sthe app's own session %.1f MiB "
                            + "native, ", detail.length() == 0 ? "" : "; ", Double.parseDouble(fields[1]) / (1 << 20)));
                    case "memory" -> {
                        double nativeBytes = Double.parseDouble(fields[1]);
                        double heapBytes = Double.parseDouble(fields[2]);
                        double modelBytes = Double.parseDouble(fields[3]);
                        memory.add((nativeBytes + heapBytes) / modelBytes);
                        detail.append(String.format(Locale.ROOT, "pruned: +%.1f MiB native + %.1f MiB heap for a %.1f "
                                        + "MiB model", nativeBytes / (1 << 20), heapBytes / (1 << 20),
                                modelBytes / (1 << 20)));
                    }
                    default -> throw new IllegalStateException("unexpected line " + line);
                }
            }
        }
        return new Result(new Series(latency), new Series(memory), new Series(creates), detail.toString());
    }
}
