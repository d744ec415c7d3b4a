package io.jprune.kernels.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jprune.kernels.ChildJvm;
import io.jprune.kernels.PrintBackend;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole CUDA path on a machine without a GPU: JavaCPP's real bindings over an emulated driver that
 * runs the real kernel sources on CPU threads (emulator/). It checks what a GPU machine would, except
 * the GPU's own compiler and hardware: the probe's reasons, the launch arguments against the kernels'
 * signatures, transfers, the context discipline, device memory, and the kernels' logic via the parity
 * tests. Each scenario runs in a child JVM, because the backend is chosen once per JVM.
 */
class EmulatedDeviceTest {

    private static ChildJvm.Outcome run(Class<?> main, Map<String, String> environment, String... args) throws Exception {
        return run("", main, environment, args);
    }

    /** @param classpathPrefix put before the test classpath (e.g. a folder with another jprune.ptx), or "" */
    private static ChildJvm.Outcome run(String classpathPrefix, Class<?> main, Map<String, String> environment,
                                        String... args) throws Exception {
        Path driver = EmulatedDriver.library();
        Map<String, String> withPtxas = new HashMap<>(EmulatedDriver.environment());
        withPtxas.putAll(environment);
        return ChildJvm.run(classpathPrefix, main, List.of("-D" + CudaProbe.DRIVER_LIBRARY_PROPERTY + "=" + driver,
                "-D" + CudaParityTest.MAX_ELEMENTS_PROPERTY + "=20000", "-D" + CudaParityTest.MAX_CHANNELS_PROPERTY + "=512"),
                withPtxas, args);
    }

    @Test
    void theEmulatedGpuIsChosenAfterPassingTheSelfTest() throws Exception {
        ChildJvm.Outcome outcome = run(PrintBackend.class, Map.of(), "gpu");
        assertEquals(1, outcome.stdoutLines().size(), outcome.stdout() + outcome.stderr());
        assertTrue(outcome.stdoutLines().get(0).startsWith("backend: cuda: jprune emulated GPU, driver "), outcome.stdout());
        assertEquals(List.of(), outcome.stderrLines());
    }

    @Test
    void aDriverWithoutDevicesSendsAutoToTheCpu() throws Exception {
        ChildJvm.Outcome outcome = run(PrintBackend.class, Map.of("FAKE_CUDA_FAIL", "cuInit=100"), "auto");
        assertEquals(List.of("backend: cpu: cuInit failed: CUDA_ERROR_NO_DEVICE"), outcome.stdoutLines());
        assertEquals(List.of("[jprune] computing on the CPU: cuInit failed: CUDA_ERROR_NO_DEVICE"), outcome.stderrLines());
    }

    @Test
    void aRejectedPtxIsTheReasonGpuIsRefused() throws Exception {
        ChildJvm.Outcome outcome = run(PrintBackend.class, Map.of("FAKE_CUDA_FAIL", "cuModuleLoadData=222"), "gpu");
        assertEquals(List.of("error: IllegalStateException: jprune backend gpu was requested but CUDA is unavailable: "
                + "cuModuleLoadData(jprune.ptx) failed: CUDA_ERROR_UNSUPPORTED_PTX_VERSION"), outcome.stdoutLines());
    }

    /** The emulated driver assembles what it is handed: a PTX with a patched instruction is refused, as a GPU would. */
    @Test
    void aPtxThatDoesNotAssembleIsRefused(@TempDir Path folder) throws Exception {
        RequiredCuda.check(EmulatedDriver.ptxas().isPresent(), RequiredCuda.emulated(),
                () -> "ptxas not found on PATH: the emulated driver only looks up entry names");
        String ptx;
        try (InputStream in = CudaProbe.class.getResourceAsStream(CudaProbe.PTX_RESOURCE)) {
            ptx = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertTrue(ptx.contains("add.rn.f64"), "the PTX has an instruction to patch");
        Path patched = folder.resolve(CudaProbe.PTX_RESOURCE.substring(1));
        Files.createDirectories(patched.getParent());
        Files.writeString(patched, ptx.replace("add.rn.f64", "add.rq.f64"));
        ChildJvm.Outcome outcome = run(folder.toString(), PrintBackend.class, Map.of(), "gpu");
        assertEquals(List.of("error: IllegalStateException: jprune backend gpu was requested but CUDA is unavailable: "
                + "cuModuleLoadData(jprune.ptx) failed: CUDA_ERROR_INVALID_PTX"), outcome.stdoutLines(), outcome.stderr());
        assertTrue(outcome.stderr().contains("Unknown modifier '.rq'"), outcome.stderr());
    }

    @Test
    void aGpuFailingItsSelfTestIsNotUsed() throws Exception {
        ChildJvm.Outcome outcome = run(PrintBackend.class, Map.of("FAKE_CUDA_FAIL", "cuLaunchKernel=700"), "auto");
        assertEquals(List.of("backend: cpu: the GPU self-test failed: cuLaunchKernel(jprune_masked_multiply) failed: "
                + "CUDA_ERROR_ILLEGAL_ADDRESS"), outcome.stdoutLines());
    }

    @Test
    void theParityTestsPassOnTheEmulatedGpu() throws Exception {
        ChildJvm.Outcome outcome = run(JUnitMain.class, Map.of(), CudaParityTest.class.getName());
        assertEquals(0, outcome.exitCode(), outcome.stdout() + outcome.stderr());
        String summary = outcome.stdoutLines().get(outcome.stdoutLines().size() - 1);
        assertTrue(summary.matches("jprune tests: (\\d+) found, \\1 succeeded, 0 failed, 0 skipped"), outcome.stdout());
    }

    @Test
    void runningOutOfDeviceMemoryDropsTheCachedOriginalsAndLeavesNothingBehind() throws Exception {
        ChildJvm.Outcome outcome = run(EmulatedMemoryCheck.class, Map.of("FAKE_CUDA_DEVICE_BYTES", "3500000"));
        assertEquals(List.of(
                "parameter 0: equal to the cpu, 1 cached",
                "parameter 1: equal to the cpu, 2 cached",
                "parameter 2: equal to the cpu, 1 cached",
                "parameter 3: equal to the cpu, 2 cached",
                "selection equal to the cpu: true",
                "device bytes in use after release: 0"), outcome.stdoutLines(), outcome.stderr());
    }
}
