package io.jprune.runtime.diagnostics;

import io.jprune.kernels.BitMask;
import io.jprune.kernels.Kernels;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A test-only seam: failures that jprune must survive inside a host (a throwing forward hook, an
 * {@link OutOfMemoryError} while making a masked copy, a failing kernel) can be made to happen on demand,
 * so that the end-to-end tests prove the host keeps inferring on consistent weights and the JMX call that
 * caused the failure reports it.
 *
 * <p>Read once from the system property {@value #PROPERTY}, e.g. {@code -Djprune.faults=hook,kernel@3}: each
 * named fault fires exactly once, at the N-th time its point is reached ({@code @N}, default 1), and never
 * again, so a test can also show that the next call succeeds. Unset (every production JVM), every check is
 * a {@code static final} false that the JIT removes.
 *
 * <ul>
 *   <li>{@code hook}: installing a new generation into the app's fields throws after the first field was
 *       written, as a bug or a rejected write in a forward hook would;</li>
 *   <li>{@code masked-copy-oom}: making the masked copy of a parameter ({@code weight_orig * weight_mask})
 *       throws {@link OutOfMemoryError};</li>
 *   <li>{@code kernel}: a kernel's {@code maskedMultiply} throws, as a failing GPU would.</li>
 * </ul>
 */
public final class FaultInjection {
    /** The system property naming the faults to inject; absent in production. */
    public static final String PROPERTY = "jprune.faults";

    /** The failures that can be injected, by the name used in {@value #PROPERTY}. */
    enum Fault {
        HOOK("hook"),
        MASKED_COPY_OOM("masked-copy-oom"),
        KERNEL("kernel");

        final String option;

        Fault(String option) {
            this.option = option;
        }
    }

    private static final Map<Fault, Long> FIRE_AT = armed(System.getProperty(PROPERTY));
    private static final boolean HOOK = FIRE_AT.containsKey(Fault.HOOK);
    private static final boolean MASKED_COPY_OOM = FIRE_AT.containsKey(Fault.MASKED_COPY_OOM);
    private static final boolean KERNEL = FIRE_AT.containsKey(Fault.KERNEL);
    private static final Map<Fault, AtomicLong> REACHED = new EnumMap<>(Map.of(
            Fault.HOOK, new AtomicLong(), Fault.MASKED_COPY_OOM, new AtomicLong(), Fault.KERNEL, new AtomicLong()));

    private FaultInjection() {
    }

    /** The faults to inject; a bad property arms nothing and says so, since even a test seam must not break the host. */
    private static Map<Fault, Long> armed(String text) {
        try {
            Map<Fault, Long> fireAt = parse(text);
            if (!fireAt.isEmpty()) {
                DiagnosticLog.info("fault injection armed (" + PROPERTY + "=" + text + "): for tests only");
            }
            return fireAt;
        } catch (IllegalArgumentException e) {
            DiagnosticLog.info(e.getMessage() + "; no fault is injected");
            return new EnumMap<>(Fault.class);
        }
    }

    /**
     * Reads {@code hook,masked-copy-oom@2,kernel@3}.
     *
     * @throws IllegalArgumentException naming the bad entry, so that a mistyped test fails loudly
     */
    static Map<Fault, Long> parse(String text) {
        Map<Fault, Long> fireAt = new EnumMap<>(Fault.class);
        if (text == null || text.isBlank()) {
            return fireAt;
        }
        for (String entry : text.split(",")) {
            String trimmed = entry.trim().toLowerCase(Locale.ROOT);
            int at = trimmed.indexOf('@');
            String name = at < 0 ? trimmed : trimmed.substring(0, at);
            long nth = 1;
            if (at >= 0) {
                try {
                    nth = Long.parseLong(trimmed.substring(at + 1));
                } catch (NumberFormatException e) {
                    nth = 0;
                }
                if (nth < 1) {
                    throw new IllegalArgumentException(PROPERTY + ": '" + entry.trim()
                            + "' must end in @N with N a positive count");
                }
            }
            Fault fault = null;
            for (Fault candidate : Fault.values()) {
                if (candidate.option.equals(name)) {
                    fault = candidate;
                }
            }
            if (fault == null) {
                throw new IllegalArgumentException(PROPERTY + ": unknown fault '" + entry.trim()
                        + "'; faults are hook, masked-copy-oom, kernel");
            }
            fireAt.put(fault, nth);
        }
        return fireAt;
    }

    /** Whether this point is reached for the N-th time, N being the configured one. */
    private static boolean fires(Fault fault) {
        return REACHED.get(fault).incrementAndGet() == FIRE_AT.get(fault);
    }

    /** Called by an install after it wrote one of the app's fields. */
    public static void afterFieldWritten(String modelName, String parameter) {
        if (HOOK && fires(Fault.HOOK)) {
            throw new IllegalStateException("injected fault (" + PROPERTY + "=hook) after writing " + parameter
                    + " of model " + modelName);
        }
    }

    /** Called before a masked copy of {@code numel} values is made. */
    public static void beforeMaskedCopy(String parameter, int numel) {
        if (MASKED_COPY_OOM && fires(Fault.MASKED_COPY_OOM)) {
            throw new OutOfMemoryError("Java heap space (injected fault " + PROPERTY
                    + "=masked-copy-oom, masked copy of " + parameter + ", " + numel + " values)");
        }
    }

    /** The kernels to prune with: {@code kernels} themselves unless the kernel fault is armed. */
    public static Kernels kernels(Kernels kernels) {
        return KERNEL ? new FailingKernels(kernels) : kernels;
    }

    /** Kernels whose N-th masked multiply fails. */
    private static final class FailingKernels implements Kernels {
        private final Kernels delegate;

        FailingKernels(Kernels delegate) {
            this.delegate = delegate;
        }

        @Override
        public String description() {
            return delegate.description();
        }

        @Override
        public void maskedMultiply(float[] orig, BitMask mask, float[] out) {
            if (fires(Fault.KERNEL)) {
                throw new IllegalStateException("injected fault (" + PROPERTY + "=kernel): maskedMultiply of "
                        + orig.length + " values failed on " + delegate.description());
            }
            delegate.maskedMultiply(orig, mask, out);
        }

        @Override
        public int[] smallestMagnitudes(float[] scores, BitMask candidates, int k) {
            return delegate.smallestMagnitudes(scores, candidates, k);
        }

        @Override
        public BitMask pruneSmallestMagnitudes(float[] scores, BitMask candidates, int k, BitMask defaultMask) {
            return delegate.pruneSmallestMagnitudes(scores, candidates, k, defaultMask);
        }

        @Override
        public double[] sliceNorms(float[] t, int[] shape, int dim, double p) {
            return delegate.sliceNorms(t, shape, dim, p);
        }

        @Override
        public BitMask expandChannels(int[] shape, int dim, boolean[] keep) {
            return delegate.expandChannels(shape, dim, keep);
        }

        @Override
        public boolean[] channelsAlive(BitMask mask, int[] shape, int dim) {
            return delegate.channelsAlive(mask, shape, dim);
        }

        @Override
        public long countZeros(float[] t) {
            return delegate.countZeros(t);
        }

        @Override
        public void release(float[] orig) {
            delegate.release(orig);
        }
    }
}
