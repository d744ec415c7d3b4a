package io.jprune.agent.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What the driver asks of one benchmark JVM: whether jprune must be attached, with which options, and how
 * much of every weight to prune before measuring. Passed as system properties, so that one benchmark class
 * serves every case, and checked, so that a fork whose agent silently stayed inactive fails instead of
 * reporting a ratio of 1.
 *
 * @param agentExpected whether {@code -javaagent:jprune.jar} was given to this JVM
 * @param amount        the {@code l1_unstructured} amount applied to every listed weight, or {@code null}
 * @param agentOptions  options given after {@code jprune.jar=}, which the agent must report as in effect
 *                      ({@code ""} for none)
 */
record ForkSetup(boolean agentExpected, String amount, String agentOptions) {
    static final String AGENT_PROPERTY = "jprune.bench.agent";
    static final String AMOUNT_PROPERTY = "jprune.bench.amount";
    static final String OPTIONS_PROPERTY = "jprune.bench.agentOptions";

    /** The setup the driver gave this JVM. */
    static ForkSetup current() {
        return new ForkSetup(Boolean.getBoolean(AGENT_PROPERTY), System.getProperty(AMOUNT_PROPERTY),
                System.getProperty(OPTIONS_PROPERTY, ""));
    }

    /** The {@code -D} options that hand this setup to a forked JVM. */
    List<String> systemProperties() {
        List<String> options = new ArrayList<>();
        options.add("-D" + AGENT_PROPERTY + "=" + agentExpected);
        if (amount != null) {
            options.add("-D" + AMOUNT_PROPERTY + "=" + amount);
        }
        if (!agentOptions.isEmpty()) {
            options.add("-D" + OPTIONS_PROPERTY + "=" + agentOptions);
        }
        return options;
    }

    /**
     * Checks that jprune is (or is not) active, with the options asked for, and, when an amount is set, prunes
     * each weight through the model's MBean and checks that the app's own field now holds the masked weight.
     *
     * @param model      the model's name over JMX; its first forward must have run
     * @param weights    qualified parameter names, and how to read the array the app's forward reads
     * @param oneForward runs one forward, after which every change is installed in the app
     */
    void apply(String model, Map<String, Supplier<float[]>> weights, Runnable oneForward) {
        boolean active = LocalJprune.agentActive();
        if (active != agentExpected) {
            throw new IllegalStateException(active ? "jprune is active in a JVM meant to run without it"
                    : "jprune is not active although -javaagent was given (see its [jprune] line on stderr)");
        }
        String inEffect = active ? LocalJprune.agentOptions() : "";
        for (String option : agentOptions.isEmpty() ? new String[0] : agentOptions.split(",")) {
            if (!("," + inEffect + ",").contains("," + option + ",")) {
                throw new IllegalStateException("jprune runs with options '" + inEffect + "', not " + option);
            }
        }
        if (amount == null) {
            return;
        }
        LocalJprune jprune = LocalJprune.model(model);
        for (String param : weights.keySet()) {
            jprune.l1Unstructured(param, amount);
        }
        oneForward.run();
        double fraction = Double.parseDouble(amount);
        for (Map.Entry<String, Supplier<float[]>> weight : weights.entrySet()) {
            float[] live = weight.getValue().get();
            long zeros = countZeros(live);
            if (zeros < (long) Math.floor(fraction * live.length)) {
                throw new IllegalStateException(weight.getKey() + ": the app reads " + zeros + " zeros of "
                        + live.length + " after l1_unstructured amount=" + amount);
            }
        }
    }

    static long countZeros(float[] values) {
        long zeros = 0;
        for (float value : values) {
            zeros += value == 0f ? 1 : 0;
        }
        return zeros;
    }
}
