package io.jprune.agent.bench;

import java.util.Locale;
import java.util.Map;

/**
 * Turns the measurements into table rows: a value, min/median over runs, the target, a verdict, and the
 * spread flagged WIDE when it is wider than the room the target leaves (its margin), so that a verdict the
 * noise could overturn is never shown as settled.
 */
final class OverheadReport {
    /** Throughput targets are ">= 0.98": the room between a free agent (1.00) and the target. */
    static final double THROUGHPUT_TARGET = 0.98;
    /** What issue 13 asks of an ONNX Runtime session's run with the agent: at least 0.99 of it without. */
    static final double ONNX_RUN_TARGET = 0.99;
    static final double THROUGHPUT_MARGIN = 0.02;
    static final double STARTUP_TARGET_MS = 300;
    /** One extra copy plus the 1-bit mask is the floor; the target leaves what lies above it up to 1.04. */
    static final double HEAP_TARGET = 1.04;
    static final double HEAP_FLOOR = 1 + 1.0 / 32;

    private OverheadReport() {
    }

    /**
     * {@code numerator}'s throughput over {@code denominator}'s: all measured iterations pooled, the interval
     * from both 99.9% confidence intervals, and the ratio of each round's pair of forks.
     *
     * @param target the lowest acceptable ratio, or {@code null} for a figure shown for comparison
     */
    static ResultTable.Row ratio(String measure, Map<Case, ForkedScores> scores, Case numerator, Case denominator,
                                 Double target) {
        ForkedScores top = scores.get(numerator);
        ForkedScores bottom = scores.get(denominator);
        String targetText = target == null ? "-" : ">= " + f2(target);
        if (top.failed() || bottom.failed()) {
            return new ResultTable.Row(measure, "not measured", "-", targetText, "not measured",
                    top.failed() ? top.failure() : bottom.failure());
        }
        Series a = top.iterations();
        Series b = bottom.iterations();
        double ratio = a.mean() / b.mean();
        double low = (a.mean() - a.error()) / (b.mean() + b.error());
        double high = (a.mean() + a.error()) / Math.max(b.mean() - b.error(), Double.MIN_VALUE);
        double halfWidth = (high - low) / 2;
        Series rounds = top.roundRatios(bottom);
        double range = rounds.max() - rounds.min();
        String verdict = target == null ? "info" : ratio >= target ? "meets" : "MISSES";
        String spread = Double.isNaN(halfWidth) ? "no interval (too few iterations)"
                : String.format(Locale.ROOT, "±%.3f (99.9%% CI [%.3f, %.3f])", halfWidth, low, high);
        spread += String.format(Locale.ROOT, "; runs %.3f-%.3f", rounds.min(), rounds.max());
        if (target != null && (!(halfWidth <= THROUGHPUT_MARGIN) || range > THROUGHPUT_MARGIN)) {
            spread += " WIDE: wider than the " + f2(THROUGHPUT_MARGIN) + " margin";
        }
        return new ResultTable.Row(measure, f3(ratio), f3(rounds.min()) + " / " + f3(rounds.median()) + " ("
                + count(rounds.size(), "run") + ")", targetText, verdict, spread);
    }

    /** Start-up with the agent against without: the difference of medians, against {@code target} ms if given. */
    static ResultTable.Row startup(String measure, StartupComparison startup, Double targetMs) {
        double difference = startup.medianDifference();
        String value = String.format(Locale.ROOT, "%+.0f ms (median %.0f ms with, %.0f ms without)", difference,
                startup.withAgent().median(), startup.withoutAgent().median());
        String runs = String.format(Locale.ROOT, "min %+.0f ms (%.0f / %.0f ms); median %+.0f ms (%s each)",
                startup.minDifference(), startup.withAgent().min(), startup.withoutAgent().min(), difference,
                count(startup.withAgent().size(), "run"));
        double rangeWith = startup.withAgent().max() - startup.withAgent().min();
        double rangeWithout = startup.withoutAgent().max() - startup.withoutAgent().min();
        String spread = String.format(Locale.ROOT, "range %.0f ms with, %.0f ms without", rangeWith, rangeWithout);
        if (targetMs != null && Math.max(rangeWith, rangeWithout) > targetMs) {
            spread += " WIDE: wider than the " + targetMs.intValue() + " ms margin";
        }
        String target = targetMs == null ? "-" : "<= +" + targetMs.intValue() + " ms";
        String verdict = targetMs == null ? "info" : difference <= targetMs ? "meets" : "MISSES";
        return new ResultTable.Row(measure, value, runs, target, verdict, spread);
    }

    /** Heap growth per pruned parameter over the parameter's own bytes. */
    static ResultTable.Row heap(Series ratios, String weight) {
        double range = ratios.max() - ratios.min();
        double margin = HEAP_TARGET - HEAP_FLOOR;
        String spread = String.format(Locale.ROOT, "range %.4f", range);
        if (range > margin) {
            spread += String.format(Locale.ROOT, " WIDE: wider than the %.4f margin", margin);
        }
        return new ResultTable.Row("extra heap per pruned parameter / its own bytes (16M floats as " + weight
                + ", 50% l1_unstructured); PyTorch holds 2.00 (mask + weight)",
                String.format(Locale.ROOT, "%.4f: +%.1f MiB for a 64 MiB weight (floor 1 + 1/32 = %.4f)",
                        ratios.median(), ratios.median() * 64, HEAP_FLOOR),
                f4(ratios.min()) + " / " + f4(ratios.median()) + " (" + count(ratios.size(), "run") + ")",
                "<= " + f2(HEAP_TARGET), ratios.median() <= HEAP_TARGET ? "meets" : "MISSES", spread);
    }

    /** One size of the prune latency benchmark. */
    static ResultTable.Row pruneLatency(int size, Series millis) {
        return new ResultTable.Row(String.format(Locale.ROOT, "l1_unstructured 30%% of %dM floats, one JMX call "
                        + "(agent, CPU kernels)", size >> 20),
                String.format(Locale.ROOT, "%.1f ms (%.1f ns per float)", millis.median(),
                        millis.median() * 1e6 / size),
                String.format(Locale.ROOT, "%.1f / %.1f ms (%s)", millis.min(), millis.median(),
                        count(millis.size(), "call")),
                "-", "info", String.format(Locale.ROOT, "range %.1f-%.1f ms", millis.min(), millis.max()));
    }

    /**
     * Absolute throughput and jprune's cost per forward in microseconds, for the details section.
     *
     * @param perSecond the benchmark's scores are per second (else per millisecond)
     */
    static String absolute(String model, Map<Case, ForkedScores> scores, boolean perSecond) {
        StringBuilder text = new StringBuilder();
        String unit = perSecond ? "forwards/s" : "forwards/ms";
        double microsPerUnit = perSecond ? 1e6 : 1e3;
        ForkedScores base = scores.get(Case.NO_AGENT);
        for (Map.Entry<Case, ForkedScores> entry : scores.entrySet()) {
            ForkedScores s = entry.getValue();
            text.append("- ").append(model).append(", ").append(entry.getKey().description()).append(": ");
            if (s.failed()) {
                text.append("not measured: ").append(s.failure()).append('\n');
                continue;
            }
            Series all = s.iterations();
            text.append(String.format(Locale.ROOT, "%.4g ± %.2g %s (99.9%% CI; fork means %s); %.1f µs per forward",
                    all.mean(), all.error(), unit, forkMeans(s.forkMeans()), microsPerUnit / all.mean())
                    .replace("± NaN", "(no interval)"));
            if (entry.getKey() != Case.NO_AGENT && !base.failed()) {
                text.append(String.format(Locale.ROOT, ", %+.1f µs over no agent",
                        microsPerUnit / all.mean() - microsPerUnit / base.iterations().mean()));
            }
            text.append('\n');
        }
        return text.toString();
    }

    /**
     * Where the probe's start-up time went, medians: JVM start to {@code main} (the agent's {@code premain}
     * shows here) and {@code main} to the first answer (model loading, discovery, the first hooked forward).
     */
    static String startupPhases(StartupComparison startup) {
        StartupComparison.Phases without = startup.phasesWithout();
        StartupComparison.Phases with = startup.phasesWith();
        if (without == null || with == null) {
            return "";
        }
        return String.format(Locale.ROOT, "- start-up phases, medians: JVM start to main %.0f ms without the agent, "
                        + "%.0f ms with (premain %+.0f ms); main to first answer %.0f ms without, %.0f ms with (%+.0f "
                        + "ms: hooked classes, discovering the model, registering its MBean, the first forward)%n",
                without.jvmToMain().median(), with.jvmToMain().median(),
                with.jvmToMain().median() - without.jvmToMain().median(), without.mainToAnswer().median(),
                with.mainToAnswer().median(), with.mainToAnswer().median() - without.mainToAnswer().median());
    }

    /** The table, the absolute figures and the machine's load, on the driver's output. */
    static void print(ResultTable table, String details, String loadBefore, String loadAfter, double minutes) {
        System.out.println();
        System.out.print(table.text());
        System.out.println();
        System.out.print(details);
        System.out.println("load average " + loadBefore + " at the start, " + loadAfter + " at the end; "
                + String.format(Locale.ROOT, "%.1f", minutes) + " minutes");
    }

    private static String count(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    private static String forkMeans(Series means) {
        StringBuilder text = new StringBuilder();
        for (double mean : means.values()) {
            text.append(text.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.4g", mean));
        }
        return text.toString();
    }

    static String f2(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }

    static String f3(double value) {
        return String.format(Locale.ROOT, "%.3f", value);
    }

    static String f4(double value) {
        return String.format(Locale.ROOT, "%.4f", value);
    }
}
