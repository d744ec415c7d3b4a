package io.jprune.agent.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import javax.management.openmbean.CompositeData;

/**
 * One entry of {@code namedModules}: a module's qualified name ({@code ""} for the root, as in PyTorch), its type and
 * its PyTorch-like repr.
 */
record ModuleInfo(String name, String type, String repr) {

    static ModuleInfo from(CompositeData item) {
        return new ModuleInfo((String) item.get("name"), (String) item.get("type"), (String) item.get("repr"));
    }

    /** A repr fit for one table cell: containers print over several lines in PyTorch, so keep the first. */
    String reprLine() {
        int newline = repr.indexOf('\n');
        return newline < 0 ? repr : repr.substring(0, newline) + " ...)";
    }

    Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("name", name);
        json.put("type", type);
        json.put("repr", repr);
        return json;
    }
}
