package io.jprune.kernels.cuda;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Builds emulator/fake_libcuda.cpp, with the real kernel sources, into a libcuda.so.1 under target/,
 * once per test JVM. Tests that need it are skipped, with the reason, where g++ or the CUDA 13 runtime
 * (which JavaCPP's bindings link against) is missing, unless {@link RequiredCuda} says they must run.
 */
final class EmulatedDriver {
    private static final Path EMULATOR = Path.of("src", "test", "java", "io", "jprune", "kernels", "cuda", "emulator");
    private static final Path OUTPUT = Path.of("target", "emulated-cuda", "libcuda.so.1");
    private static Path built;
    private static String buildFailure;

    private EmulatedDriver() {
    }

    /**
     * The emulated driver library, or a skipped test (a failed one under -Djprune.requireCuda=emulated,
     * which also requires ptxas, so that the PTX the driver is handed is really assembled).
     */
    static synchronized Path library() throws IOException, InterruptedException {
        boolean required = RequiredCuda.emulated();
        RequiredCuda.check(PtxFreshnessTest.onPath("g++").isPresent(), required,
                () -> "g++ not found on PATH: the emulated GPU cannot be built");
        RequiredCuda.check(LibrarySearch.system().find(CudaProbe.RUNTIME_LIBRARY).isPresent(), required,
                () -> CudaProbe.RUNTIME_LIBRARY + " not found: JavaCPP's CUDA bindings cannot load even on an emulated GPU");
        if (required) {
            RequiredCuda.check(ptxas().isPresent(), true,
                    () -> "ptxas not found on PATH: the emulated driver could not assemble the PTX it is handed");
        }
        if (built == null && buildFailure == null) {
            build();
        }
        if (buildFailure != null) {
            throw new AssertionError("building the emulated driver failed:\n" + buildFailure);
        }
        return built;
    }

    /** The ptxas the emulated driver assembles jprune.ptx with (FAKE_CUDA_PTXAS); without it, only entry names are checked. */
    static Optional<Path> ptxas() {
        Path toolkit = Path.of("/usr/local/cuda/bin/ptxas");
        return PtxFreshnessTest.onPath("ptxas").or(() -> Optional.of(toolkit).filter(Files::isExecutable));
    }

    /** The environment a child JVM needs for the emulated driver to assemble the PTX, when ptxas is there. */
    static Map<String, String> environment() {
        return ptxas().map(path -> Map.of("FAKE_CUDA_PTXAS", path.toString())).orElse(Map.of());
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
