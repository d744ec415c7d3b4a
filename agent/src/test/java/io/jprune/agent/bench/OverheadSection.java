package io.jprune.agent.bench;

import java.util.Locale;

/**
 * The Markdown written between the overhead markers of {@code docs/benchmarks.md}: the command, the machine,
 * the settings, the table, how to read it, and the absolute figures behind the ratios.
 */
final class OverheadSection {
    private OverheadSection() {
    }

    /**
     * @param details absolute figures, one Markdown list item per line
     * @param banner  the agent's start line, which names its options and backend
     */
    static String markdown(MachineDetails machine, BenchSettings settings, ResultTable table, String details,
                           String banner, String loadBefore, String loadAfter, double minutes) {
        return String.format(Locale.ROOT, """
                ## Overhead in a running app

                `bash agent/benchmarks.sh` builds jprune and the demo, then measures everything below in one run \
                (%.1f minutes on this machine) and rewrites this section. Every ratio compares JVMs started in the \
                same run on the same machine.

                - Machine: %s, %d cores, %s memory; %s; %s
                - Run started %s; load average (1 / 5 / 15 min) %s at the start, %s at the end
                - Settings: %s
                - Agent: `%s`

                %s
                How to read it:

                - Throughput ratios are forwards per second with the case over without the agent, every measured \
                iteration of every fork pooled; the interval combines the two 99.9%% confidence intervals (JMH's). \
                The forks run in rounds, one fork of every case per round, the order of the cases rotating; "runs" \
                are the ratios within each round.
                - **WIDE** marks a spread wider than the room the target leaves (0.02 for ">= 0.98", 300 ms for \
                start-up, 1.04 - (1 + 1/32) for heap): the confidence half-width or the range over runs for a ratio, \
                the range of either case's runs for start-up, the range of the runs for heap. Such a verdict is \
                within this machine's noise; rerun on a quiet machine before relying on it.
                - The agent is attached as a user would attach it, `-javaagent:jprune.jar` without options (any \
                class declaring `forward` is a module), except `recompute=per-forward` for the PyTorch-like row.
                - "Every weight" is LeNet's five weight tensors, `conv1.weight` to `fc3.weight`, each pruned 50%% by \
                `l1_unstructured` through the model's MBean inside the benchmark JVM; biases are not pruned. Every \
                fork checks that jprune is active, or not, as its case says, and that the app's own fields then hold \
                the masked weights.
                - Start-up is wall-clock time from starting `java` to the line printed after the first \
                classification (`StartupProbe`: loads the demo's trained LeNet and its 2,000 digits, classifies \
                one), whole JVMs, alternating with and without the agent, after one discarded run of each. The \
                demo row runs `java -jar demo-app.jar --passes 1 --threads 1` to its final accuracy line.
                - Heap: `HeapProbe` prunes a 4096x4096 `float[]` weight (64 MiB) in a JVM of its own with the agent \
                and the Serial collector, and compares heap in use after full collections. The app's array becomes \
                `weight_orig`; jprune adds the installed `orig * mask` and a 1-bit mask. The second heap row is the \
                same weight held as 4096 `float[]` rows (`float[][]`), which the kernels cannot compute on as it \
                is: jprune keeps both tensors in the app's rows and flattens them only for a listing or the next \
                prune, so it holds the same one extra copy and the mask. PyTorch keeps \
                `weight_orig`, a float32 `weight_mask` and the product `weight`: two extra copies, 2.00 (from \
                prune.py's design, not measured here).
                - Wide LeNet: LeNet's structure, so the same six hooked forwards per inference, with linear layers \
                400 -> %d -> %d -> %d: %,d parameters (the demo's LeNet has 60,074), seeded random weights, built \
                by the benchmark.
                - Prune latency: one `l1Unstructured(param, "0.3")` call on the model's MBean in the app's JVM, \
                from call to return: the mask, `orig * mask`, installing it into the app's field; each call is a \
                first prune (the weight is restored, untimed, before it).

                Absolute figures:

                %s""",
                minutes, machine.cpu(), machine.cores(), machine.memory(), machine.jdk(), machine.os(), machine.date(),
                loadBefore, loadAfter, settings.describe(), banner.replace("`", "'"), table.markdown(),
                RandomLayers.WIDE_FC[0], RandomLayers.WIDE_FC[1], RandomLayers.WIDE_FC[2],
                RandomLayers.WIDE_PARAMETERS, details);
    }
}
