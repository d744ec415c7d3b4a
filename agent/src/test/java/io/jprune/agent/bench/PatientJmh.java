package io.jprune.agent.bench;

import java.util.Collection;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;

/**
 * Runs JMH, waiting while another JMH run on this machine holds JMH's lock: two benchmarks at once would
 * disturb each other's figures, so JMH refuses, and a shared machine often has another one running.
 */
final class PatientJmh {
    private static final long WAIT_MINUTES = 20;

    private PatientJmh() {
    }

    static Collection<RunResult> run(Options options) throws RunnerException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(WAIT_MINUTES);
        boolean told = false;
        while (true) {
            try {
                return new Runner(options).run();
            } catch (RunnerException e) {
                if (!String.valueOf(e.getMessage()).contains("JMH lock") || System.nanoTime() > deadline) {
                    throw e;
                }
                if (!told) {
                    System.out.print("(waiting for another JMH run on this machine to finish) ");
                    System.out.flush();
                    told = true;
                }
                TimeUnit.SECONDS.sleep(5);
            }
        }
    }
}
