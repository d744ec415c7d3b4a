package io.jprune.agent.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One whole JVM started by the driver with the same {@code java} and class path, timed from just before the
 * process is started to the moment a line starting with a marker arrives on its output.
 */
final class ChildJvm {
    private static final long TIMEOUT_SECONDS = 120;

    /**
     * @param millisToMarker wall-clock milliseconds from starting the process to reading the marker line
     * @param output         everything the JVM printed, stdout and stderr merged
     */
    record Run(double millisToMarker, List<String> output) {
        boolean printed(String text) {
            return output.stream().anyMatch(line -> line.contains(text));
        }
    }

    private ChildJvm() {
    }

    /** {@code java} followed by {@code args}; the class path is added only if {@code withClassPath}. */
    static List<String> command(List<String> jvmArgs, boolean withClassPath, String... programArgs) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmArgs);
        if (withClassPath) {
            command.add("-cp");
            command.add(System.getProperty("java.class.path"));
        }
        command.addAll(List.of(programArgs));
        return command;
    }

    /**
     * Runs the command to its end and times its marker line.
     *
     * @throws IllegalStateException when the marker never comes, the JVM fails or runs past two minutes
     */
    static Run run(List<String> command, String marker) throws IOException, InterruptedException {
        return run(command, marker, Map.of());
    }

    /** {@link #run(List, String)} with {@code environment} added to the child's environment. */
    static Run run(List<String> command, String marker, Map<String, String> environment)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(environment);
        long start = System.nanoTime();
        Process process = builder.start();
        double millis = Double.NaN;
        List<String> output = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = reader.readLine()) != null; ) {
                if (Double.isNaN(millis) && line.startsWith(marker)) {
                    millis = (System.nanoTime() - start) / 1e6;
                }
                output.add(line);
            }
        } finally {
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
        if (Double.isNaN(millis) || process.exitValue() != 0) {
            throw new IllegalStateException("'" + String.join(" ", command) + "' exited with " + process.exitValue()
                    + (Double.isNaN(millis) ? " without printing '" + marker + "'" : "") + "; its output:\n"
                    + String.join("\n", output));
        }
        return new Run(millis, output);
    }
}
