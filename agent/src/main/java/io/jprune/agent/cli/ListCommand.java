package io.jprune.agent.cli;

import io.jprune.runtime.text.TextTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code list}: the local JVMs running jprune, so a person can find the pid to work on. */
final class ListCommand implements Command {

    @Override
    public String name() {
        return "list";
    }

    @Override
    public String synopsis() {
        return "list";
    }

    @Override
    public String summary() {
        return "local JVMs running jprune, with their models";
    }

    @Override
    public Set<String> options() {
        return Set.of();
    }

    @Override
    public void run(CommandLine line, CliEnvironment environment) throws UsageException {
        line.expectPositionals(0, 0, synopsis());
        List<JpruneJvm> jvms = environment.connector().list();
        if (line.json()) {
            List<Map<String, Object>> json = new ArrayList<>();
            for (JpruneJvm jvm : jvms) {
                json.add(jvm.toJson());
            }
            environment.out().println(Json.write(json));
            return;
        }
        if (jvms.isEmpty()) {
            environment.out().println("no local JVM is running jprune");
            return;
        }
        TextTable table = new TextTable(">PID", "JPRUNE", "MODELS", "MAIN");
        for (JpruneJvm jvm : jvms) {
            String models = jvm.models() == null ? "?" : jvm.models().isEmpty() ? "-" : String.join(",", jvm.models());
            table.row(jvm.pid(), jvm.version(), models, jvm.displayName());
        }
        environment.out().print(table);
    }
}
