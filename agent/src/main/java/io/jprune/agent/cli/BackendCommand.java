package io.jprune.agent.cli;

import io.jprune.runtime.jmx.AgentMXBean;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** {@code backend <pid>}: where that JVM's jprune computes masks (CUDA or CPU) and why, plus its version. */
final class BackendCommand implements Command {

    @Override
    public String name() {
        return "backend";
    }

    @Override
    public String synopsis() {
        return "backend <pid>";
    }

    @Override
    public String summary() {
        return "the compute backend (cuda or cpu, and why) and the jprune version in that JVM";
    }

    @Override
    public Set<String> options() {
        return Set.of();
    }

    @Override
    public void run(CommandLine line, CliEnvironment environment) throws UsageException, CommandFailedException {
        long pid = line.pid();
        line.expectPositionals(1, 1, synopsis());
        try (JvmSession session = environment.connector().open(pid, true)) {
            RemoteJprune jprune = new RemoteJprune(session);
            String backend = String.valueOf(jprune.agent(AgentMXBean::getBackend));
            String version = String.valueOf(jprune.agent(AgentMXBean::getVersion));
            if (line.json()) {
                Map<String, Object> json = new LinkedHashMap<>();
                int colon = backend.indexOf(": ");
                json.put("backend", colon < 0 ? backend : backend.substring(0, colon));
                json.put("reason", colon < 0 ? null : backend.substring(colon + 2));
                json.put("version", version);
                environment.out().println(Json.write(json));
            } else {
                environment.out().println(backend);
                environment.out().println("jprune " + version);
            }
        }
    }
}
