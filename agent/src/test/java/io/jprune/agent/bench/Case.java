package io.jprune.agent.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The JVMs a forward benchmark is compared across. Every case runs the same benchmark code; only the JVM's
 * options differ, and {@link ForkSetup} checks inside the JVM that they took effect.
 */
enum Case {
    NO_AGENT("no agent", null, null),
    AGENT("agent attached, nothing pruned", "", null),
    PRUNED("agent, every weight 50% l1_unstructured (cached)", "", "0.5"),
    PRUNED_PER_FORWARD("agent, every weight 50% l1_unstructured, recompute=per-forward (PyTorch-like)",
            "recompute=per-forward", "0.5");

    private final String description;
    private final String agentOptions;
    private final ForkSetup setup;

    /**
     * @param agentOptions what follows {@code jprune.jar=} ({@code ""}: none), or {@code null} for no agent
     * @param amount       the {@code l1_unstructured} amount for every weight, or {@code null} for none
     */
    Case(String description, String agentOptions, String amount) {
        this.description = description;
        this.agentOptions = agentOptions;
        this.setup = new ForkSetup(agentOptions != null, amount, agentOptions == null ? "" : agentOptions);
    }

    /** What the case is, in words for the table. */
    String description() {
        return description;
    }

    /** The JVM options of the case: {@code -javaagent} with its options, if any, and the fork's setup. */
    List<String> jvmArgs(Path jar) {
        List<String> args = new ArrayList<>();
        if (agentOptions != null) {
            args.add("-javaagent:" + jar + (agentOptions.isEmpty() ? "" : "=" + agentOptions));
        }
        args.addAll(setup.systemProperties());
        return args;
    }
}
