package io.jprune.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jprune.kernels.cpu.CpuKernels;
import io.jprune.kernels.cuda.CudaProbe;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class BackendsTest {
    private static final String REASON = "libcuda.so.1 not found (no NVIDIA driver)";

    private final List<String> log = new ArrayList<>();
    private int probes;

    private Supplier<CudaProbe.Result> unavailable() {
        return () -> {
            probes++;
            return new CudaProbe.Result(null, REASON);
        };
    }

    @Test
    void cpuIsTheSharedCpuImplementation() {
        assertTrue(Backends.cpu() instanceof CpuKernels);
        assertSame(Backends.cpu(), Backends.cpu());
    }

    @Test
    void cpuNeverProbesCuda() {
        Backend backend = Backends.select("cpu", () -> {
            throw new AssertionError("probed");
        }, log::add);
        assertSame(Backends.cpu(), backend.kernels());
        assertFalse(backend.usesGpu());
        assertEquals("cpu: requested", backend.description());
        assertEquals(List.of(), log);
    }

    @Test
    void autoFallsBackToTheCpuWithOneLineSayingWhy() {
        Backend backend = Backends.select("auto", unavailable(), log::add);
        assertSame(Backends.cpu(), backend.kernels());
        assertFalse(backend.usesGpu());
        assertEquals("cpu: " + REASON, backend.description());
        assertEquals(List.of("[jprune] computing on the CPU: " + REASON), log);
        assertEquals(1, probes);
    }

    @Test
    void gpuWithoutCudaIsAnErrorCarryingTheReason() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Backends.select("gpu", unavailable(), log::add));
        assertEquals("jprune backend gpu was requested but CUDA is unavailable: " + REASON, e.getMessage());
        assertEquals(List.of(), log);
    }

    @Test
    void modesIgnoreCaseAndSpacesAndDefaultToAuto() {
        assertThrows(IllegalStateException.class, () -> Backends.select(" GPU ", unavailable(), log::add));
        assertEquals("cpu: " + REASON, Backends.select(null, unavailable(), log::add).description());
        assertEquals("cpu: " + REASON, Backends.select("  ", unavailable(), log::add).description());
        assertEquals("cpu: requested", Backends.select("Cpu", unavailable(), log::add).description());
    }

    @Test
    void unknownModesAreRefusedBeforeAnyProbe() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Backends.select("cuda", unavailable(), log::add));
        assertEquals("jprune backend must be auto, cpu or gpu, found 'cuda'", e.getMessage());
        assertEquals(0, probes);
    }

    @Test
    void thisMachineGetsACoherentAnswer() {
        Backend auto = Backends.select("auto");
        if (auto.usesGpu()) {
            assertTrue(auto.description().startsWith("cuda: "), auto.description());
            assertTrue(Backends.select("gpu").kernels() instanceof io.jprune.kernels.cuda.CudaKernels);
        } else {
            assertSame(Backends.cpu(), auto.kernels());
            String reason = auto.description().substring("cpu: ".length());
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> Backends.select("gpu"));
            assertEquals("jprune backend gpu was requested but CUDA is unavailable: " + reason, e.getMessage());
        }
    }
}
