package io.jprune.agent.cli;

import io.jprune.runtime.structure.ModuleStructure;
import io.jprune.runtime.structure.StructureReport;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.management.openmbean.CompositeData;

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
        StructureReport report = report(model.structure());
        if (line.json()) {
            environment.out().println(Json.write(json(model.name(), report)));
        } else {
            environment.out().print(report.render());
        }
    }

    /** The report back from its open-data form, so that the command line prints exactly what the agent renders. */
    static StructureReport report(CompositeData data) {
        CompositeData[] rows = (CompositeData[]) data.get("modules");
        ModuleStructure[] modules = new ModuleStructure[rows.length];
        for (int i = 0; i < rows.length; i++) {
            CompositeData row = rows[i];
            modules[i] = new ModuleStructure((String) row.get("name"), ints(row, "shape"),
                    ints(row, "compactedShape"), ints(row, "prunedOutputs"), ints(row, "removedOutputs"),
                    ints(row, "deadInputs"), ints(row, "removedInputs"), longs(row, "macs"),
                    longs(row, "compactedMacs"), longs(row, "parameters"), longs(row, "compactedParameters"),
                    (String[]) row.get("notes"));
        }
        return new StructureReport(modules, (String[]) data.get("groups"), (String[]) data.get("notes"),
                ((Number) data.get("tracedInputs")).intValue());
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

    private static int[] ints(CompositeData row, String item) {
        Object value = row.get(item);
        if (value instanceof int[] ints) {
            return ints;
        }
        Object[] boxed = (Object[]) value;
        int[] ints = new int[boxed.length];
        for (int i = 0; i < ints.length; i++) {
            ints[i] = ((Number) boxed[i]).intValue();
        }
        return ints;
    }

    private static long longs(CompositeData row, String item) {
        return ((Number) row.get(item)).longValue();
    }
}
