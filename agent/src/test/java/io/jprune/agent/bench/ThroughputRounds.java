package io.jprune.agent.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs one forward benchmark in every case as interleaved rounds, one JMH fork per case per round, with
 * the order of the cases rotating from round to round. A slow minute on a shared machine then lands on
 * every case alike instead of on whichever case JMH would have run last, and each round gives a ratio of
 * its own.
 */
final class ThroughputRounds {
    private final BenchSettings settings;

    ThroughputRounds(BenchSettings settings) {
        this.settings = settings;
    }

    /**
     * @param benchmark the JMH benchmark class (its one benchmark method is run)
     * @param cases     the cases to compare
     * @param heap      heap options of every fork, e.g. {@code -Xmx1g}
     * @return the scores of every case; a case whose fork failed holds the reason and is not run again
     */
    Map<Case, ForkedScores> run(Class<?> benchmark, List<Case> cases, List<String> heap) throws Exception {
        Map<Case, ForkedScores> scores = new EnumMap<>(Case.class);
        for (Case c : cases) {
            scores.put(c, new ForkedScores());
        }
        Files.createDirectories(settings.workDir());
        for (int round = 0; round < settings.rounds(); round++) {
            for (int k = 0; k < cases.size(); k++) {
                Case c = cases.get((k + round) % cases.size());
                ForkedScores caseScores = scores.get(c);
                if (caseScores.failed()) {
                    continue;
                }
                Path log = settings.workDir().resolve(benchmark.getSimpleName() + "-" + c.name().toLowerCase()
                        + "-round" + (round + 1) + ".log");
                String what = String.format("  %s round %d/%d, %s: ", benchmark.getSimpleName(), round + 1,
                        settings.rounds(), c.description());
                try {
                    List<Double> iterations = runFork(benchmark, c, heap, log);
                    caseScores.addFork(iterations);
                    System.out.printf("%s%.4g%n", what, new Series(iterations).mean());
                } catch (RunnerException | RuntimeException e) {
                    caseScores.fail("the fork failed: " + ForkLog.reason(log, e) + " (" + ForkLog.shown(log) + ")");
                    System.out.println(what + "FAILED: " + caseScores.failure());
                }
            }
        }
        return scores;
    }

    private List<Double> runFork(Class<?> benchmark, Case c, List<String> heap, Path log)
            throws RunnerException, InterruptedException {
        List<String> jvmArgs = new ArrayList<>(heap);
        jvmArgs.addAll(c.jvmArgs(settings.jar()));
        TimeValue time = TimeValue.seconds(settings.iterationSeconds());
        Collection<RunResult> results = PatientJmh.run(new OptionsBuilder()
                .include("^" + Pattern.quote(benchmark.getName()) + "\\.")
                .forks(1)
                .warmupIterations(settings.warmups()).warmupTime(time)
                .measurementIterations(settings.iterations()).measurementTime(time)
                .jvmArgs(jvmArgs.toArray(new String[0]))
                .shouldFailOnError(true)
                .output(log.toString())
                .build());
        List<Double> iterations = new ArrayList<>();
        for (RunResult result : results) {
            for (BenchmarkResult forkResult : result.getBenchmarkResults()) {
                for (IterationResult iteration : forkResult.getIterationResults()) {
                    iterations.add(iteration.getPrimaryResult().getScore());
                }
            }
        }
        if (iterations.isEmpty()) {
            throw new IllegalStateException("no measured iteration");
        }
        return iterations;
    }
}
