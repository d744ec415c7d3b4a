package io.jprune.agent.bench;

import java.nio.file.Path;

/**
 * How long and how often everything is measured, and where things are, from system properties so that
 * {@code agent/benchmarks.sh -Dname=value} can change them. {@code jprune.bench.quick=true} shortens
 * everything to check that the whole run works, not to report figures.
 *
 * @param jar              the shaded agent, {@code agent/target/jprune.jar}
 * @param demoJar          {@code demo-app/target/demo-app.jar}
 * @param doc              {@code docs/benchmarks.md}
 * @param workDir          where JMH's logs go
 * @param rounds           forks per case; round {@code r} runs one fork of every case, cases interleaved
 * @param warmups          JMH warm-up iterations per fork
 * @param iterations       JMH measured iterations per fork
 * @param iterationSeconds length of one iteration
 * @param startupRuns      whole-JVM runs per start-up case
 * @param heapRepetitions  prune/restore cycles in the heap probe
 * @param latencyShots     measured single calls per size in the prune latency benchmark (after 2 warm-ups)
 */
record BenchSettings(Path jar, Path demoJar, Path doc, Path workDir, int rounds, int warmups, int iterations,
                     int iterationSeconds, int startupRuns, int heapRepetitions, int latencyShots) {

    static BenchSettings fromSystemProperties() {
        boolean quick = Boolean.getBoolean("jprune.bench.quick");
        return new BenchSettings(
                path("jprune.bench.jar", "agent/target/jprune.jar"),
                path("jprune.bench.demoJar", "demo-app/target/demo-app.jar"),
                path("jprune.bench.doc", "docs/benchmarks.md"),
                path("jprune.bench.workDir", "agent/target/benchmarks"),
                Integer.getInteger("jprune.bench.rounds", quick ? 1 : 8),
                Integer.getInteger("jprune.bench.warmups", quick ? 1 : 3),
                Integer.getInteger("jprune.bench.iterations", quick ? 2 : 5),
                Integer.getInteger("jprune.bench.iterationSeconds", 1),
                Integer.getInteger("jprune.bench.startupRuns", quick ? 2 : 10),
                Integer.getInteger("jprune.bench.heapRepetitions", quick ? 1 : 3),
                Integer.getInteger("jprune.bench.latencyShots", quick ? 1 : 5));
    }

    private static Path path(String property, String fallback) {
        return Path.of(System.getProperty(property, fallback)).toAbsolutePath().normalize();
    }

    /** The settings in words, for the report. */
    String describe() {
        return rounds + " forks per case (interleaved rounds), " + warmups + " warm-up and " + iterations
                + " measured iterations of " + iterationSeconds + " s per fork; " + startupRuns
                + " start-ups per case, alternating; " + heapRepetitions + " heap measurements; "
                + latencyShots + " timed prunes per size after 2 warm-up prunes";
    }
}
