package io.jprune.runtime.prune.benchmarks;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs {@link PruningBenchmark} and {@link SortBaselineBenchmark} once and prints the ratios that matter,
 * measured in the same run on the same machine:
 * <ul>
 *   <li>l1_unstructured at 30% / one streaming pass (target: at most 4), per size;</li>
 *   <li>sorting |x| / l1_unstructured (target: at least 10 at 16M);</li>
 *   <li>masked multiply / System.arraycopy (target: at most 1.5), per size.</li>
 * </ul>
 * {@code -Djprune.bench.sizes=1000000,16000000} narrows the sizes; {@code -Djprune.bench.quick=true}
 * shortens warm-up and measurement to one iteration each.
 */
public final class PruningBenchmarks {
    private PruningBenchmarks() {
    }

    public static void main(String[] args) throws RunnerException {
        ChainedOptionsBuilder options = new OptionsBuilder()
                .include(PruningBenchmark.class.getName() + "\\.")
                .include(SortBaselineBenchmark.class.getName() + "\\.");
        String sizes = System.getProperty("jprune.bench.sizes");
        if (sizes != null) {
            options.param("size", sizes.split(","));
        }
        if (Boolean.getBoolean("jprune.bench.quick")) {
            options.warmupIterations(1).measurementIterations(1);
        }
        Collection<RunResult> results = new Runner(options.build()).run();

        Map<String, Double> millis = new HashMap<>();
        for (RunResult result : results) {
            String method = result.getParams().getBenchmark();
            method = method.substring(method.lastIndexOf('.') + 1);
            String size = result.getParams().getParam("size");
            if (size == null) {
                size = result.getParams().getParam("sortSize");
            }
            millis.put(method + "@" + size, result.getPrimaryResult().getScore());
        }
        System.out.println();
        System.out.println("jprune CPU kernels, " + Runtime.getRuntime().availableProcessors() + " cores, "
                + System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        System.out.printf("%-10s %12s %12s %12s %10s %10s %12s %12s %10s%n", "size", "l1 30% ms", "pass ms",
                "pass par ms", "l1/pass", "l1/par", "sort ms", "sort/l1", "mul/copy");
        for (String size : new String[] {"1000000", "16000000", "64000000"}) {
            Double l1 = millis.get("l1Unstructured@" + size);
            Double pass = millis.get("streamingPass@" + size);
            Double parallelPass = millis.get("streamingPassParallel@" + size);
            Double sort = millis.get("sortMagnitudes@" + size);
            Double multiply = millis.get("maskedMultiply@" + size);
            Double copy = millis.get("arraycopy@" + size);
            System.out.printf("%-10s %12s %12s %12s %10s %10s %12s %12s %10s%n", size, millis(l1), millis(pass),
                    millis(parallelPass), ratio(l1, pass), ratio(l1, parallelPass), millis(sort), ratio(sort, l1),
                    ratio(multiply, copy));
        }
        System.out.println("targets: l1/pass <= 4, sort/l1 >= 10 at 16M, mul/copy <= 1.5");
    }

    private static String millis(Double value) {
        return value == null ? "-" : String.format("%.3f", value);
    }

    private static String ratio(Double a, Double b) {
        return a == null || b == null ? "-" : String.format("%.2f", a / b);
    }
}
