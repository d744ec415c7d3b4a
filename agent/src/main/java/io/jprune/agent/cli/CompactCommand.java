package io.jprune.agent.cli;

import io.jprune.runtime.jmx.ModelMXBean;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code compact <pid>}: physically removes what is entirely pruned, so that the app's own loops do less work;
 * jprune keeps the compaction only if the model's outputs on its captured inputs stay the same, and
 * {@code restore} brings the original model back bit for bit.
 */
final class CompactCommand extends ModelCommand {

    @Override
    public String name() {
        return "compact";
    }

    @Override
    public String synopsis() {
        return "compact <pid> [--model NAME]";
    }

    @Override
    public String summary() {
        return "remove entirely pruned channels from the arrays and int sizes (restore undoes it, bit for bit)";
    }

    @Override
    void checkArguments(CommandLine line) throws UsageException {
        line.expectPositionals(1, 1, synopsis());
    }

    @Override
    void run(CommandLine line, RemoteModel model, CliEnvironment environment) throws CommandFailedException {
        String summary = model.call(ModelMXBean::compact);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("model", model.name());
        json.put("summary", summary);
        environment.println(line.json(), json, summary);
    }
}
