package io.jprune.agent.cli;

import io.jprune.agent.AgentOptions;
import io.jprune.agent.plan.PlanReader;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code attach <pid> [options]}: loads jprune into a JVM started without {@code -javaagent} (a service already in
 * production), with the same agent options {@code -javaagent:jprune.jar=...} takes. The options are checked here
 * first, so that a typo never reaches the target; a JVM that already runs jprune is left as it is.
 */
final class AttachCommand implements Command {

    @Override
    public String name() {
        return "attach";
    }

    @Override
    public String synopsis() {
        return "attach <pid> [key=value,...]";
    }

    @Override
    public String summary() {
        return "load jprune into a running JVM started without -javaagent, with the agent options -javaagent takes "
                + "(e.g. plan=/path/plan.json)";
    }

    @Override
    public Set<String> options() {
        return Set.of();
    }

    @Override
    public void run(CommandLine line, CliEnvironment environment) throws UsageException, CommandFailedException {
        long pid = line.pid();
        List<String> given = line.positionals().subList(1, line.positionals().size());
        String options = String.join(",", given);
        AgentOptions parsed;
        try {
            parsed = AgentOptions.parse(options);
        } catch (RuntimeException e) {
            throw new UsageException("bad agent options '" + options + "': " + e.getMessage());
        }
        if (parsed.plan().isPresent()) {
            try {
                PlanReader.read(parsed.plan().get());
            } catch (IllegalArgumentException e) {
                throw new CommandFailedException(e.getMessage() + "; nothing was attached");
            }
        }
        Path jar = AgentLoader.ownJar();
        // spelled out, so that a relative plan path means the same in the target JVM, whose directory may differ
        AgentLoader.Outcome outcome = AgentLoader.load(pid, jar, given.isEmpty() ? "" : parsed.toString());
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("pid", pid);
        json.put("attached", outcome.loaded());
        json.put("version", outcome.version());
        json.put("java", outcome.javaVersion());
        if (!outcome.loaded()) {
            json.put("message", outcome.message());
            environment.println(line.json(), json, outcome.message());
            return;
        }
        json.put("options", options);
        String text = "jprune " + outcome.version() + " attached to JVM " + pid + (options.isEmpty() ? ""
                : " with " + options) + "; models already running are found at their next forward";
        if (outcome.dynamicLoadingWarned()) {
            text += "\n(Java " + outcome.javaVersion() + " prints its own warning about a dynamically loaded agent on "
                    + "the app's stderr; -XX:+EnableDynamicAgentLoading on the app's command line allows it silently)";
        }
        environment.println(line.json(), json, text);
    }
}
