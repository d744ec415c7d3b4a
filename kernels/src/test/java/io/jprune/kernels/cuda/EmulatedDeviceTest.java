package io.jprune.kernels.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jprune.kernels.ChildJvm;
import io.jprune.kernels.PrintBackend;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The whole CUDA path on a machine without a GPU: JavaCPP's real bindings over an emulated driver that
 * runs the real kernel sources on CPU threads (emulator/). It checks what a GPU machine would, except
 * the GPU's own compiler and hardware: the probe's reasons, the launch arguments against the kernels'
 * signatures, transfers, the context discipline, device memory, and the kernels' logic via the parity
 * tests. Each scenario runs in a child JVM, because the backend is chosen once per JVM.
 */
class EmulatedDeviceTest {

    private static ChildJvm.Outcome run(Class<?> main, Map<String, String> environment, String... args) throws Exception {
        Path driver = EmulatedDriver.library();
        return ChildJvm.run(main, List.of("-D" + CudaProbe.DRIVER_LIBRARY_PROPERTY + "=" + driver,
                "-D" + CudaParityTest.MAX_ELEMENTS_PROPERTY + "=20000", "-D" + CudaParityTest.MAX_CHANNELS_PROPERTY + "=512"),
                environment, args);
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
