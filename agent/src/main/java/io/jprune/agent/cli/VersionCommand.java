package io.jprune.agent.cli;

import io.jprune.runtime.jmx.AgentMXBean;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * {@code version [<pid>]} and {@code --version}: the version of this command line and, given a pid, of the jprune
 * running in that JVM, so that a person can tell whether the two match before reading anything else.
 */
final class VersionCommand implements Command {

    @Override
    public String name() {
        return "version";
    }

    @Override
    public String synopsis() {
        return "version [<pid>]";
    }

    @Override
    public String summary() {
        return "this command line's jprune version and, with <pid>, the version of jprune in that JVM";
    }

    @Override
    public Set<String> options() {
        return Set.of();
    }

    @Override
    public void run(CommandLine line, CliEnvironment environment) throws UsageException, CommandFailedException {
        line.expectPositionals(0, 1, synopsis());
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("version", own());
        StringBuilder text = new StringBuilder("jprune " + own());
        if (line.positional(0).isPresent()) {
            long pid = line.pid();
            try (JvmSession session = environment.connector().open(pid, true)) {
                String remote = String.valueOf(new RemoteJprune(session).agent(AgentMXBean::getVersion));
                json.put("pid", pid);
                json.put("jvmVersion", remote);
                text.append("\njprune ").append(remote).append(" in JVM ").append(pid);
            }
        }
        environment.println(line.json(), json, text.toString());
    }

    /** This jar's version, from its manifest; a build outside jprune.jar (tests, an IDE) has none. */
    static String own() {
        String version = VersionCommand.class.getPackage().getImplementationVersion();
        return version != null ? version : "(unknown: not run from jprune.jar)";
    }
}
