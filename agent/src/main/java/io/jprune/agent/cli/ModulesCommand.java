package io.jprune.agent.cli;

import io.jprune.runtime.jmx.Listings;
import io.jprune.runtime.jmx.ModelMXBean;
import io.jprune.runtime.jmx.ModuleInfo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code modules <pid>}: {@code model.named_modules()}, the names to pass to the other subcommands. */
final class ModulesCommand extends ModelCommand {

    @Override
    public String name() {
        return "modules";
    }

    @Override
    public String synopsis() {
        return "modules <pid> [--model NAME]";
    }

    @Override
    public String summary() {
        return "named_modules(): name, type and repr of every module (\"\" is the root)";
    }

    @Override
    void checkArguments(CommandLine line) throws UsageException {
        line.expectPositionals(1, 1, synopsis());
    }

    @Override
    void run(CommandLine line, RemoteModel model, CliEnvironment environment) throws CommandFailedException {
        ModuleInfo[] modules = model.call(ModelMXBean::namedModules);
        if (line.json()) {
            List<Map<String, Object>> json = new ArrayList<>();
            for (ModuleInfo module : modules) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("name", module.getName());
                row.put("type", module.getType());
                row.put("repr", module.getRepr());
                json.add(row);
            }
            environment.out().println(Json.write(json));
            return;
        }
        environment.out().print(Listings.modules(modules));
    }
}
