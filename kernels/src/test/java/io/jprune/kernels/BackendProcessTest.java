package io.jprune.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The backend choice as a fresh JVM makes it, with the driver forced missing so that it holds on any machine. */
class BackendProcessTest {
    private static final String MISSING = "-Djprune.cuda.library=/nonexistent/libcuda.so.1";
    private static final String REASON = "libcuda.so.1 not found at /nonexistent/libcuda.so.1 (-Djprune.cuda.library)";

    @Test
    void autoComputesOnTheCpuAndSaysWhyOnceOnStderr() throws Exception {
        ChildJvm.Outcome outcome = ChildJvm.run(PrintBackend.class, List.of(MISSING), Map.of(), "auto");
        assertEquals(0, outcome.exitCode(), outcome.stderr());
        assertEquals(List.of("backend: cpu: " + REASON), outcome.stdoutLines());
        assertEquals(List.of("[jprune] computing on the CPU: " + REASON), outcome.stderrLines());
    }

    @Test
    void gpuIsRefusedAtStartWithTheReason() throws Exception {
        ChildJvm.Outcome outcome = ChildJvm.run(PrintBackend.class, List.of(MISSING), Map.of(), "gpu");
        assertEquals(List.of("error: IllegalStateException: jprune backend gpu was requested but CUDA is unavailable: "
                + REASON), outcome.stdoutLines());
        assertEquals(List.of(), outcome.stderrLines());
    }

    @Test
    void theSystemPropertyChoosesOnceAndEveryCallerGetsTheSameAnswer() throws Exception {
        ChildJvm.Outcome gpu = ChildJvm.run(PrintBackend.class, List.of(MISSING, "-Djprune.backend=gpu"), Map.of(),
                "configured");
        String refusal = "error: IllegalStateException: jprune backend gpu was requested but CUDA is unavailable: " + REASON;
        assertEquals(List.of(refusal, refusal), gpu.stdoutLines());

        ChildJvm.Outcome cpu = ChildJvm.run(PrintBackend.class, List.of(MISSING, "-Djprune.backend=cpu"), Map.of(),
                "configured");
        assertEquals(List.of("backend: cpu: requested", "backend: cpu: requested"), cpu.stdoutLines());
        assertEquals(List.of(), cpu.stderrLines());

        ChildJvm.Outcome unset = ChildJvm.run(PrintBackend.class, List.of(MISSING), Map.of(), "configured");
        assertEquals(List.of("backend: cpu: " + REASON, "backend: cpu: " + REASON), unset.stdoutLines());
        assertEquals(List.of("[jprune] computing on the CPU: " + REASON), unset.stderrLines());
    }
}
