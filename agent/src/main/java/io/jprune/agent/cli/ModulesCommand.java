package io.jprune.agent.cli;

import java.util.ArrayList;
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
        List<ModuleInfo> modules = model.namedModules();
        if (line.json()) {
            List<Map<String, Object>> json = new ArrayList<>();
            for (ModuleInfo module : modules) {
                json.add(module.toJson());
            }
            environment.out().println(Json.write(json));
            return;
        }
        Table table = new Table("NAME", "TYPE", "REPR");
        for (ModuleInfo module : modules) {
            table.row(module.name().isEmpty() ? "\"\"" : module.name(), module.type(), module.reprLine());
        }
        environment.out().print(table);
    }
}
