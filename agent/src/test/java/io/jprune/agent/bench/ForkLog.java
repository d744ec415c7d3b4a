package io.jprune.agent.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Why a JMH fork failed, in one line, from the log JMH wrote for it. */
final class ForkLog {
    private ForkLog() {
    }

    /**
     * The agent's own complaint if it printed one (a bad option leaves it inactive), else the first exception
     * line of the log, else {@code failure}'s message.
     */
    static String reason(Path log, Exception failure) {
        try {
            List<String> lines = Files.readAllLines(log);
            for (String line : lines) {
                if (line.startsWith("[jprune] bad agent options") || line.startsWith("[jprune] could not start")) {
                    return line;
                }
            }
            for (String line : lines) {
                if (line.matches("^[\\w.$]+(Exception|Error): .*")) {
                    return line;
                }
            }
        } catch (IOException e) {
            return failure.getMessage() + " (no log: " + e.getMessage() + ")";
        }
        return String.valueOf(failure.getMessage());
    }

    /** The log's path relative to the working directory (the repository root, from the script). */
    static String shown(Path log) {
        Path here = Path.of("").toAbsolutePath();
        return log.startsWith(here) ? here.relativize(log).toString() : log.toString();
    }
}
