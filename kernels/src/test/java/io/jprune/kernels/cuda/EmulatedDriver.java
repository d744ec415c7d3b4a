package io.jprune.kernels.cuda;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Builds emulator/fake_libcuda.cpp, with the real kernel sources, into a libcuda.so.1 under target/,
 * once per test JVM. Tests that need it are skipped, with the reason, where g++ or the CUDA 13 runtime
 * (which JavaCPP's bindings link against) is missing.
 */
final class EmulatedDriver {
    private static final Path EMULATOR = Path.of("src", "test", "java", "io", "jprune", "kernels", "cuda", "emulator");
    private static final Path OUTPUT = Path.of("target", "emulated-cuda", "libcuda.so.1");
    private static Path built;
    private static String buildFailure;

    private EmulatedDriver() {
    }

    /** The emulated driver library, or a skipped test. */
    static synchronized Path library() throws IOException, InterruptedException {
        assumeTrue(PtxFreshnessTest.onPath("g++").isPresent(), "g++ not found on PATH: the emulated GPU cannot be built");
        assumeTrue(LibrarySearch.system().find(CudaProbe.RUNTIME_LIBRARY).isPresent(),
                CudaProbe.RUNTIME_LIBRARY + " not found: JavaCPP's CUDA bindings cannot load even on an emulated GPU");
        if (built == null && buildFailure == null) {
            build();
        }
        if (buildFailure != null) {
            throw new AssertionError("building the emulated driver failed:\n" + buildFailure);
        }
        return built;
    }

    private static void build() throws IOException, InterruptedException {
        Files.createDirectories(OUTPUT.getParent());
        List<String> command = List.of("g++", "-std=c++17", "-O1", "-ffp-contract=off", "-fPIC", "-shared", "-pthread",
                "-Wl,-soname,libcuda.so.1", "-I", Path.of("src", "main", "cuda").toString(),
                "-include", EMULATOR.resolve("cuda_on_cpu.h").toString(),
                "-o", OUTPUT.toString(), EMULATOR.resolve("fake_libcuda.cpp").toString());
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0) {
            buildFailure = String.join(" ", command) + "\n" + output;
        } else {
            built = OUTPUT.toAbsolutePath();
        }
    }
}
