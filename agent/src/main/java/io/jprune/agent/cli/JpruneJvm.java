package io.jprune.agent.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A local JVM found running jprune: what {@code list} shows, so that a person can pick the pid to work on.
 *
 * @param models the model names jprune has found there, or {@code null} if they could not be read
 */
record JpruneJvm(long pid, String version, String displayName, List<String> models) {

    Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("pid", pid);
        json.put("version", version);
        json.put("models", models);
        json.put("main", displayName);
        return json;
    }
}
