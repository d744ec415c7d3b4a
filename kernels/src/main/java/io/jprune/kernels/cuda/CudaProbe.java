package io.jprune.kernels.cuda;

import io.jprune.kernels.Kernels;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decides whether this JVM can compute on a CUDA GPU, and if not, says why in one line. Each step that
 * can fail is tried in an order that keeps failures harmless: plain file checks for the driver
 * ({@value #DRIVER_LIBRARY}) and the CUDA 13 runtime ({@value #RUNTIME_LIBRARY}) first, then the
 * JavaCPP bindings (a failed native load poisons their class for the JVM's life, so it is attempted
 * once, here, and never again after a failure), then the device, the PTX and a self-test of every
 * kernel. Nothing escapes: any Throwable becomes a reason.
 */
public final class CudaProbe {
    /** A path to libcuda.so.1 to use instead of searching the linker's directories. */
    public static final String DRIVER_LIBRARY_PROPERTY = "jprune.cuda.library";

    static final String DRIVER_LIBRARY = "libcuda.so.1";
    static final String RUNTIME_LIBRARY = "libcudart.so.13";
    static final String PTX_RESOURCE = "/io/jprune/kernels/cuda/jprune.ptx";
    private static final String BINDINGS = "org.bytedeco.cuda.global.cudart";

    /** Either kernels on a working GPU, or the reason there are none. */
    public record Result(CudaKernels kernels, String reason) {
        static Result of(CudaKernels kernels) {
            return new Result(kernels, null);
        }

        static Result unavailable(String reason) {
            return new Result(null, reason);
        }

        /** Whether {@link #kernels()} is there; otherwise {@link #reason()} says why in one line. */
        public boolean available() {
            return kernels != null;
        }
    }

    private CudaProbe() {
    }

    /**
     * Probes with this JVM's settings: {@value #DRIVER_LIBRARY_PROPERTY} if set, else the linker's
     * directories. {@code cpu} answers the calls no kernel needs to see (empty tensors).
     */
    public static Result probe(Kernels cpu) {
        return probe(System.getProperty(DRIVER_LIBRARY_PROPERTY), LibrarySearch::system, cpu);
    }

    static Result probe(String driverOverride, Supplier<LibrarySearch> search, Kernels cpu) {
        try {
            return probeSteps(driverOverride, search, cpu);
        } catch (Throwable t) {
            return Result.unavailable("the CUDA probe failed: " + describe(t));
        }
    }

    private static Result probeSteps(String driverOverride, Supplier<LibrarySearch> searchSupplier, Kernels cpu)
            throws IOException {
        LibrarySearch search = searchSupplier.get();
        Path driver;
        if (driverOverride != null) {
            driver = Path.of(driverOverride);
            if (!Files.isRegularFile(driver)) {
                return Result.unavailable(DRIVER_LIBRARY + " not found at " + driver + " (-D" + DRIVER_LIBRARY_PROPERTY + ")");
            }
        } else {
            Optional<Path> found = search.find(DRIVER_LIBRARY);
            if (found.isEmpty()) {
                return Result.unavailable(DRIVER_LIBRARY + " not found (no NVIDIA driver)");
            }
            driver = found.get();
        }
        Optional<Path> runtime = search.find(RUNTIME_LIBRARY);
        if (runtime.isEmpty()) {
            return Result.unavailable(RUNTIME_LIBRARY + " not found (the CUDA 13 runtime; install it or add its"
                    + " folder to LD_LIBRARY_PATH)");
        }
        byte[] ptx = readPtx();
        if (ptx == null) {
            return Result.unavailable("jprune.ptx is missing from the classpath");
        }
        for (Path library : new Path[] {driver, runtime.get()}) {
            String notLoadable = notASharedLibrary(library);
            if (notLoadable != null) {
                return Result.unavailable("cannot load " + library + ": " + notLoadable);
            }
            try {
                System.load(library.toAbsolutePath().toString());
            } catch (Throwable t) {
                return Result.unavailable("cannot load " + library + ": " + describe(t));
            }
        }
        try {
            Class.forName(BINDINGS, true, CudaProbe.class.getClassLoader());
        } catch (Throwable t) {
            return Result.unavailable("JavaCPP cannot load its CUDA bindings: " + describe(t));
        }
        CudaDevice device;
        try {
            device = CudaDevice.open(ptx);
        } catch (CudaException e) {
            return Result.unavailable(e.getMessage());
        }
        CudaKernels kernels = new CudaKernels(device, cpu, "cuda: " + device.name() + ", driver "
                + driverVersion(device.driverApiVersion()));
        String failure;
        try {
            failure = GpuSelfTest.failure(kernels);
        } catch (RuntimeException e) {
            failure = e.getMessage();
        }
        if (failure != null) {
            return Result.unavailable("the GPU self-test failed: " + failure);
        }
        return Result.of(kernels);
    }

    private static byte[] readPtx() throws IOException {
        try (InputStream in = CudaProbe.class.getResourceAsStream(PTX_RESOURCE)) {
            return in == null ? null : in.readAllBytes();
        }
    }

    /** The kernel module's version (e.g. 580.65.06) if readable, else the CUDA version the driver supports. */
    static String driverVersion(int driverApiVersion) {
        try {
            String text = Files.readString(Path.of("/proc/driver/nvidia/version"), StandardCharsets.US_ASCII);
            Matcher m = Pattern.compile("Kernel Module\\s+([0-9][0-9.]*)").matcher(text);
            if (m.find()) {
                return m.group(1);
            }
        } catch (IOException | RuntimeException e) {
            // not every system exposes it (containers, WSL): fall through
        }
        return "for CUDA " + driverApiVersion / 1000 + "." + driverApiVersion % 1000 / 10;
    }

    /**
     * Why a file cannot be a shared library (it does not start with an ELF header), or {@code null}. Checked before
     * {@code System.load}, because the JVM prints a stack-guard warning on the app's console for any file it cannot
     * see is built without an executable stack, such as a stub or a broken {@code libcuda.so.1} on a machine
     * without a driver.
     */
    static String notASharedLibrary(Path library) {
        byte[] header = new byte[4];
        try (InputStream in = Files.newInputStream(library)) {
            if (in.readNBytes(header, 0, 4) == 4 && header[0] == 0x7f && header[1] == 'E' && header[2] == 'L'
                    && header[3] == 'F') {
                return null;
            }
            return "not a shared library (no ELF header)";
        } catch (IOException e) {
            return "cannot read it: " + e.getMessage();
        }
    }

    /** The innermost cause's class and message: what JavaCPP's wrapped link errors are really about. */
    static String describe(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return root.getClass().getSimpleName() + (message == null ? "" : ": " + message.strip());
    }
}
