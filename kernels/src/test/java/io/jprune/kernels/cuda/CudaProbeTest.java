package io.jprune.kernels.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.jprune.kernels.Backends;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The probe's reasons for each missing piece, found before any native code is loaded. */
class CudaProbeTest {
    @TempDir
    Path libraries;

    private CudaProbe.Result probe(String driverOverride) {
        return CudaProbe.probe(driverOverride, () -> new LibrarySearch(List.of(libraries)), Backends.cpu());
    }

    @Test
    void noDriverLibrary() {
        CudaProbe.Result result = probe(null);
        assertFalse(result.available());
        assertEquals("libcuda.so.1 not found (no NVIDIA driver)", result.reason());
    }

    @Test
    void aDriverPathThatDoesNotExist() {
        Path missing = libraries.resolve("elsewhere").resolve("libcuda.so.1");
        assertEquals("libcuda.so.1 not found at " + missing + " (-Djprune.cuda.library)",
                probe(missing.toString()).reason());
    }

    @Test
    void aDriverWithoutTheCuda13Runtime() throws IOException {
        Files.writeString(libraries.resolve("libcuda.so.1"), "");
        assertEquals("libcudart.so.13 not found (the CUDA 13 runtime; install it or add its folder to LD_LIBRARY_PATH)",
                probe(null).reason());
    }

    @Test
    void aLibraryThatIsNotOneIsAReasonNotACrash() throws IOException {
        Path driver = Files.writeString(libraries.resolve("libcuda.so.1"), "not an ELF file");
        Files.writeString(libraries.resolve("libcudart.so.13"), "");
        assertEquals("cannot load " + driver + ": not a shared library (no ELF header)", probe(null).reason(),
                "checked before System.load, which would print the JVM's stack-guard warning");

    }

    @Test
    void nothingEscapesTheProbe() {
        CudaProbe.Result result = CudaProbe.probe(null, () -> {
            throw new IllegalStateException("boom");
        }, Backends.cpu());
        assertEquals("the CUDA probe failed: IllegalStateException: boom", result.reason());
    }

    @Test
    void describesTheInnermostCause() {
        Throwable wrapped = new ExceptionInInitializerError(new UnsatisfiedLinkError("libcuda.so.1: cannot open\n"));
        assertEquals("UnsatisfiedLinkError: libcuda.so.1: cannot open", CudaProbe.describe(wrapped));
    }
}
