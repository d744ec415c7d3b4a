package io.jprune.kernels;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a main class of the test classpath in a fresh JVM: the backend is chosen once per JVM and a
 * failed native load lasts for the JVM's life, so each scenario needs a process of its own.
 */
public final class ChildJvm {
    /** What the child printed and how it ended. */
    public record Outcome(int exitCode, String stdout, String stderr) {
        public List<String> stdoutLines() {
            return stdout.lines().toList();
        }

        public List<String> stderrLines() {
            return stderr.lines().toList();
        }
    }

    private ChildJvm() {
    }

    /**
     * @param jvmOptions e.g. {@code -Djprune.backend=gpu}
     * @param environment added to this process's environment
     */
    public static Outcome run(Class<?> main, List<String> jvmOptions, Map<String, String> environment,
                              String... args) throws IOException, InterruptedException {
        return run("", main, jvmOptions, environment, args);
    }

    /** @param classpathPrefix entries put before this JVM's classpath, or "" */
    public static Outcome run(String classpathPrefix, Class<?> main, List<String> jvmOptions,
                              Map<String, String> environment, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx1g");
        command.addAll(jvmOptions);
        command.add("-cp");
        String classpath = System.getProperty("java.class.path");
        command.add(classpathPrefix.isEmpty() ? classpath : classpathPrefix + java.io.File.pathSeparator + classpath);
        command.add(main.getName());
        command.addAll(List.of(args));
        Path out = Files.createTempFile("jprune-child", ".out");
        Path err = Files.createTempFile("jprune-child", ".err");
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
            builder.environment().putAll(environment);
            Process process = builder.start();
            if (!process.waitFor(10, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException("the child JVM did not finish: " + command);
            }
            return new Outcome(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
