package io.jprune.agent.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * Time from starting a JVM to its first answer, with and without the agent: whole processes, alternating,
 * after one discarded run of each (which warms the file cache for both alike). Each run is checked: the
 * agent's runs must say that jprune found the model, the others must not mention jprune at all.
 *
 * @param withoutAgent milliseconds per run without the agent
 * @param withAgent    milliseconds per run with the agent
 * @param agentBanner  the line the agent printed when it started (its options and backend)
 * @param phasesWithout {@link StartupProbe#PHASES} of the runs without the agent, or {@code null}
 * @param phasesWith    the same with the agent
 */
record StartupComparison(Series withoutAgent, Series withAgent, String agentBanner, Phases phasesWithout,
                         Phases phasesWith) {

    /**
     * Where the time of the probe's runs went.
     *
     * @param jvmToMain    milliseconds from JVM start to {@code main}: JVM start-up plus any {@code premain}
     * @param mainToAnswer milliseconds from {@code main} to the answer: loading plus the first forward
     */
    record Phases(Series jvmToMain, Series mainToAnswer) {
        static Phases of(List<double[]> runs) {
            if (runs.isEmpty()) {
                return null;
            }
            return new Phases(new Series(runs.stream().map(r -> r[0]).toList()),
                    new Series(runs.stream().map(r -> r[1]).toList()));
        }
    }

    /**
     * @param plain      the command without the agent
     * @param attached   the same command with {@code -javaagent}
     * @param marker     the line that marks the answer
     * @param foundModel a line the agent prints when it has hooked the model, e.g. {@code found model LeNet}
     * @param runs       runs per case
     */
    static StartupComparison measure(List<String> plain, List<String> attached, String marker, String foundModel,
                                     int runs) throws Exception {
        List<Double> without = new ArrayList<>();
        List<Double> with = new ArrayList<>();
        List<double[]> phasesWithout = new ArrayList<>();
        List<double[]> phasesWith = new ArrayList<>();
        String banner = "";
        for (int i = -1; i < runs; i++) {
            ChildJvm.Run base = check(ChildJvm.run(plain, marker), false, foundModel);
            ChildJvm.Run agent = check(ChildJvm.run(attached, marker), true, foundModel);
            banner = agent.output().stream().filter(line -> line.contains(" active (")).findFirst().orElse(banner);
            if (i >= 0) {
                without.add(base.millisToMarker());
                with.add(agent.millisToMarker());
                addPhases(base, phasesWithout);
                addPhases(agent, phasesWith);
            }
        }
        return new StartupComparison(new Series(without), new Series(with), banner, Phases.of(phasesWithout),
                Phases.of(phasesWith));
    }

    private static void addPhases(ChildJvm.Run run, List<double[]> phases) {
        for (String line : run.output()) {
            if (line.startsWith(StartupProbe.PHASES)) {
                String[] fields = line.substring(StartupProbe.PHASES.length()).trim().split(" ");
                phases.add(new double[] {Double.parseDouble(fields[0]), Double.parseDouble(fields[1])});
            }
        }
    }

    private static ChildJvm.Run check(ChildJvm.Run run, boolean agent, String foundModel) {
        boolean mentions = run.printed("[jprune]");
        if (agent && !run.printed(foundModel) || !agent && mentions) {
            throw new IllegalStateException((agent ? "jprune did not report '" + foundModel + "'"
                    : "jprune is active in a run meant to be without it") + "; output:\n"
                    + String.join("\n", run.output()));
        }
        return run;
    }

    /** Median with the agent minus median without, in milliseconds. */
    double medianDifference() {
        return withAgent.median() - withoutAgent.median();
    }

    /** Fastest run with the agent minus fastest without. */
    double minDifference() {
        return withAgent.min() - withoutAgent.min();
    }
}
