package io.jprune.agent.cli;

import io.jprune.runtime.jmx.ModelMXBean;
import io.jprune.runtime.structure.ModuleStructure;
import io.jprune.runtime.structure.StructureReport;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
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
        StructureReport plan = line.json() ? model.call(ModelMXBean::structure) : null;
        String summary = model.call(ModelMXBean::compact);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("model", model.name());
        json.put("summary", summary);
        if (plan != null) {
            json.put("macs", plan.getMacs());
            json.put("compactedMacs", plan.getCompactedMacs());
            json.put("parameters", plan.getParameters());
            json.put("compactedParameters", plan.getCompactedParameters());
            json.put("modules", compacted(plan));
        }
        environment.println(line.json(), json, summary);
    }

    /** The modules whose weight compaction shrinks, with the shape before and after, from the plan it carried out. */
    private static List<Map<String, Object>> compacted(StructureReport plan) {
        List<Map<String, Object>> modules = new ArrayList<>();
        for (ModuleStructure module : plan.getModules()) {
            if (!Arrays.equals(module.getShape(), module.getCompactedShape())) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("name", module.getName());
                row.put("shape", module.getShape());
                row.put("compactedShape", module.getCompactedShape());
                modules.add(row);
            }
        }
        return modules;
    }
}
