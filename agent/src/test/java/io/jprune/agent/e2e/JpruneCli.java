package io.jprune.agent.e2e;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code java -jar jprune.jar ...} as a person types it, in a child process of the real shaded jar, on the Java
 * running the test.
 */
public final class JpruneCli {
    private static final long COMMAND_LIMIT_SECONDS = 120;

    /** What one command printed, and its exit status. */
    public record Result(int status, String out, String err) {
        @Override
        public String toString() {
            return "exit " + status + "\nstdout:\n" + out + "stderr:\n" + err;
        }
    }

    private JpruneCli() {
    }

    /** Runs one command line and waits for it. */
    public static Result run(String... args) throws IOException, InterruptedException {
        Path jar = Path.of(System.getProperty("jprune.jar", "target/jprune.jar")).toAbsolutePath();
        List<String> command = new ArrayList<>(List.of(ChildJava.current().executable().toString(), "-jar",
                jar.toString()));
        command.addAll(List.of(args));
        File out = File.createTempFile("jprune-cli", ".out");
        File err = File.createTempFile("jprune-cli", ".err");
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out).redirectError(err);
            builder.environment().remove("JAVA_TOOL_OPTIONS");
            Process process = builder.start();
            if (!process.waitFor(COMMAND_LIMIT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                fail(String.join(" ", args) + " did not finish within " + COMMAND_LIMIT_SECONDS + " s");
            }
            return new Result(process.exitValue(), Files.readString(out.toPath(), StandardCharsets.UTF_8),
                    Files.readString(err.toPath(), StandardCharsets.UTF_8));
        } finally {
            out.delete();
            err.delete();
        }
    }
}
