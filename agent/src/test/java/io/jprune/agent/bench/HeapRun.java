package io.jprune.agent.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * Runs {@link HeapProbe} in a JVM of its own with the agent and the Serial collector (whose heap accounting
 * counts a large array's bytes, not the regions G1 would round it up to).
 */
final class HeapRun {
    private HeapRun() {
    }

    /**
     * Extra heap over the parameter's own bytes, one value per prune.
     *
     * @param nested a {@code float[][]} weight instead of the demo's flat {@code float[]}
     */
    static Series measure(BenchSettings settings, boolean nested) throws Exception {
        List<String> jvmArgs = new ArrayList<>(List.of("-XX:+UseSerialGC", "-Xms1g", "-Xmx1g"));
        jvmArgs.addAll(Case.AGENT.jvmArgs(settings.jar()));
        ChildJvm.Run run = ChildJvm.run(ChildJvm.command(jvmArgs, true, HeapProbe.class.getName(),
                Integer.toString(settings.heapRepetitions()), nested ? HeapProbe.NESTED : "flat"), HeapProbe.RESULT);
        List<Double> ratios = new ArrayList<>();
        for (String line : run.output()) {
            if (line.startsWith(HeapProbe.RESULT)) {
                String[] fields = line.substring(HeapProbe.RESULT.length()).trim().split(" ");
                ratios.add(Double.parseDouble(fields[0]) / Double.parseDouble(fields[1]));
            }
        }
        return new Series(ratios);
    }
}
