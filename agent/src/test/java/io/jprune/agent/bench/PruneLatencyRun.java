package io.jprune.agent.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs {@link PruneLatencyBenchmark} with the agent attached: one fork per size, two warm-up prunes, then
 * timed single prunes. {@code -Djprune.bench.latencySizes=1048576,4194304} narrows the sizes.
 */
final class PruneLatencyRun {
    private PruneLatencyRun() {
    }

    /** Milliseconds per call, by size in floats. */
    static Map<Integer, Series> measure(BenchSettings settings) throws Exception {
        Files.createDirectories(settings.workDir());
        Path log = settings.workDir().resolve("PruneLatencyBenchmark.log");
        List<String> jvmArgs = new ArrayList<>(List.of("-Xms3g", "-Xmx3g"));
        jvmArgs.addAll(Case.AGENT.jvmArgs(settings.jar()));
        OptionsBuilder options = new OptionsBuilder();
        options.include("^" + Pattern.quote(PruneLatencyBenchmark.class.getName()) + "\\.")
                .forks(1)
                .warmupIterations(2)
                .measurementIterations(settings.latencyShots())
                .jvmArgs(jvmArgs.toArray(new String[0]))
                .shouldFailOnError(true)
                .output(log.toString());
        String sizes = System.getProperty("jprune.bench.latencySizes");
        if (sizes != null) {
            options.param("size", sizes.split(","));
        }
        System.out.println("  PruneLatencyBenchmark (log: " + log + ")");
        Map<Integer, Series> millis = new TreeMap<>();
        for (RunResult result : PatientJmh.run(options.build())) {
            List<Double> shots = new ArrayList<>();
            for (BenchmarkResult fork : result.getBenchmarkResults()) {
                for (IterationResult iteration : fork.getIterationResults()) {
                    shots.add(iteration.getPrimaryResult().getScore());
                }
            }
            int size = Integer.parseInt(result.getParams().getParam("size"));
            millis.put(size, new Series(shots));
            System.out.printf("  %,d floats: median %.1f ms%n", size, millis.get(size).median());
        }
        return millis;
    }
}
