package io.jprune.agent.cli;

import io.jprune.runtime.jmx.ModelMXBean;
import io.jprune.runtime.structure.ModuleStructure;
import io.jprune.runtime.structure.StructureReport;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code structure <pid>}: what the masks leave of the model's structure, layer by layer (shapes now and after
 * compaction, pruned output channels, dead inputs, MACs and parameters before and after, and why anything pruned
 * would stay masked), as the table jprune renders in the app or, with {@code --json}, as open data.
 */
final class StructureCommand extends ModelCommand {

    @Override
    public String name() {
        return "structure";
    }

    @Override
    public String synopsis() {
        return "structure <pid> [--model NAME]";
    }

    @Override
    public String summary() {
        return "per layer: shape now and after compaction, cut and dead channels, MACs and parameters before/after";
    }

    @Override
    void checkArguments(CommandLine line) throws UsageException {
        line.expectPositionals(1, 1, synopsis());
    }

    @Override
    void run(CommandLine line, RemoteModel model, CliEnvironment environment) throws CommandFailedException {
        StructureReport report = model.call(ModelMXBean::structure);
        if (line.json()) {
            environment.out().println(Json.write(json(model.name(), report)));
        } else {
            environment.out().print(report.render());
        }
    }

    private static Map<String, Object> json(String model, StructureReport report) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("model", model);
        json.put("tracedInputs", report.getTracedInputs());
        json.put("macs", report.getMacs());
        json.put("compactedMacs", report.getCompactedMacs());
        json.put("parameters", report.getParameters());
        json.put("compactedParameters", report.getCompactedParameters());
        json.put("groups", report.getGroups());
        json.put("notes", report.getNotes());
        List<Map<String, Object>> modules = new ArrayList<>();
        for (ModuleStructure module : report.getModules()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("name", module.getName());
            row.put("shape", module.getShape());
            row.put("compactedShape", module.getCompactedShape());
            row.put("prunedOutputs", module.getPrunedOutputs());
            row.put("removedOutputs", module.getRemovedOutputs());
            row.put("deadInputs", module.getDeadInputs());
            row.put("removedInputs", module.getRemovedInputs());
            row.put("macs", module.getMacs());
            row.put("compactedMacs", module.getCompactedMacs());
            row.put("parameters", module.getParameters());
            row.put("compactedParameters", module.getCompactedParameters());
            row.put("notes", module.getNotes());
            modules.add(row);
        }
        json.put("modules", modules);
        return json;
    }
}
