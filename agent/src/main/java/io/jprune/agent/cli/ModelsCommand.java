package io.jprune.agent.cli;

import io.jprune.runtime.text.TextTable;
import io.jprune.runtime.jmx.ModelMXBean;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code models <pid>}: the models jprune found in one JVM and whether any of their parameters is pruned. */
final class ModelsCommand implements Command {

    @Override
    public String name() {
        return "models";
    }

    @Override
    public String synopsis() {
        return "models <pid>";
    }

    @Override
    public String summary() {
        return "the models jprune found in that JVM";
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
            List<Map<String, Object>> json = new ArrayList<>();
            TextTable table = new TextTable("MODEL", "PRUNED");
            for (String name : jprune.modelNames()) {
                boolean pruned = jprune.modelNamed(name).call(ModelMXBean::isPruned);
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("name", name);
                entry.put("pruned", pruned);
                json.add(entry);
                table.row(name, pruned ? "yes" : "no");
            }
            if (line.json()) {
                environment.out().println(Json.write(json));
            } else if (json.isEmpty()) {
                environment.out().println("jprune in JVM " + pid + " has found no model yet");
            } else {
                environment.out().print(table);
            }
        }
    }
}
