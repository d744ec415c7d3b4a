package io.jprune.kernels;

import io.jprune.kernels.cpu.CpuKernels;
import io.jprune.kernels.cuda.CudaProbe;
import io.jprune.kernels.cuda.SizeRoutedKernels;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Chooses where masks are computed: {@code cpu}, {@code gpu} (CUDA, or an error at start when there is
 * none) or {@code auto} (CUDA for large tensors when it works, the CPU otherwise, with one log line
 * saying why). Set with {@code -Djprune.backend=auto|cpu|gpu}; the agent passes its own option through
 * {@link #select(String)}. The CUDA probe runs at most once per JVM, and only when asked for.
 */
public final class Backends {
    /** The system property read by {@link #configured()}. */
    public static final String PROPERTY = "jprune.backend";

    /**
     * In {@code auto}, tensors with fewer elements stay on the CPU, where a call costs less than the
     * transfers to and from the GPU. A first guess: the device benchmark (runtime/device-check/run.sh) must
     * justify it; it has not been measured yet.
     */
    public static final long AUTO_GPU_THRESHOLD = 1 << 20;

    private static final Kernels CPU = new CpuKernels();
    private static final Consumer<String> STDERR_ONCE = new Consumer<>() {
        private final AtomicBoolean written = new AtomicBoolean();

        @Override
        public void accept(String line) {
            if (written.compareAndSet(false, true)) {
                System.err.println(line);
            }
        }
    };

    private Backends() {
    }

    /** The CPU kernels, shared by every caller (they hold no per-call state). */
    public static Kernels cpu() {
        return CPU;
    }

    /**
     * The backend {@code -Djprune.backend} asks for ({@code auto} when unset), chosen once per JVM.
     *
     * @throws IllegalArgumentException or IllegalStateException as {@link #select(String)}, every time
     */
    public static Backend configured() {
        if (Configured.FAILURE != null) {
            throw Configured.FAILURE;
        }
        return Configured.BACKEND;
    }

    /**
     * The backend for a requested mode, {@code auto}, {@code cpu} or {@code gpu} (case-insensitive;
     * null or blank means auto).
     *
     * @throws IllegalArgumentException for any other mode
     * @throws IllegalStateException    for {@code gpu} when CUDA is unavailable, with the reason
     */
    public static Backend select(String requested) {
        return select(requested, CudaOnce::result, STDERR_ONCE);
    }

    static Backend select(String requested, Supplier<CudaProbe.Result> cuda, Consumer<String> log) {
        String mode = requested == null || requested.isBlank() ? "auto" : requested.strip().toLowerCase(Locale.ROOT);
        switch (mode) {
            case "cpu":
                return new Backend(CPU, false, "cpu: requested");
            case "gpu": {
                CudaProbe.Result result = cuda.get();
                if (!result.available()) {
                    throw new IllegalStateException("jprune backend gpu was requested but CUDA is unavailable: "
                            + result.reason());
                }
                return new Backend(result.kernels(), true, result.kernels().description());
            }
            case "auto": {
                CudaProbe.Result result = cuda.get();
                if (!result.available()) {
                    log.accept("[jprune] computing on the CPU: " + result.reason());
                    return new Backend(CPU, false, "cpu: " + result.reason());
                }
                Kernels routed = new SizeRoutedKernels(CPU, result.kernels(), AUTO_GPU_THRESHOLD, log);
                return new Backend(routed, true, result.kernels().description() + " (tensors of "
                        + AUTO_GPU_THRESHOLD + " elements or more; smaller ones on the cpu)");
            }
            default:
                throw new IllegalArgumentException("jprune backend must be auto, cpu or gpu, found '" + requested + "'");
        }
    }

    /** Holder idiom: the probe runs on first use, once, whatever thread gets here first. */
    private static final class CudaOnce {
        private static final CudaProbe.Result RESULT = CudaProbe.probe(CPU);

        static CudaProbe.Result result() {
            return RESULT;
        }
    }

    /** Holder idiom again; a refused mode is kept and rethrown, so every caller gets the same answer. */
    private static final class Configured {
        private static final Backend BACKEND;
        private static final RuntimeException FAILURE;

        static {
            Backend backend = null;
            RuntimeException failure = null;
            try {
                backend = select(System.getProperty(PROPERTY));
            } catch (RuntimeException e) {
                failure = e;
            }
            BACKEND = backend;
            FAILURE = failure;
        }
    }
}
