package io.jprune.kernels.cuda;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * {@code -Djprune.requireCuda=emulated|device}: which GPU checks must run on this machine. Unset, a GPU
 * test whose prerequisite is missing (g++, the CUDA runtime, ptxas for the emulated GPU; a device for the
 * parity tests) is skipped with the reason. Set, the same test fails with the reason instead, so a
 * machine that is meant to check the GPU path cannot pass by skipping it: CI sets {@code emulated}
 * (.ci/run), the device check sets {@code device}.
 */
final class RequiredCuda {
    static final String PROPERTY = "jprune.requireCuda";

    /** The skip reasons already printed in this test JVM. */
    private static final Set<String> SAID = ConcurrentHashMap.newKeySet();

    private RequiredCuda() {
    }

    /** Whether this run must drive the emulated GPU. */
    static boolean emulated() {
        return "emulated".equals(value());
    }

    /** Whether this run must find a real CUDA device. */
    static boolean device() {
        return "device".equals(value());
    }

    /**
     * Skips the test when {@code met} is false, or fails it when {@code required}, with the reason either way. A
     * skip's reason is also printed on the build's console, once per reason: the build's summary only counts
     * skipped tests, and 81 silent skips do not say that the GPU path went unchecked, nor why.
     */
    static void check(boolean met, boolean required, Supplier<String> reason) {
        if (!met && required) {
            fail(reason.get() + " (-D" + PROPERTY + "=" + value() + " makes this a failure)");
        }
        if (!met && SAID.add(reason.get())) {
            System.err.println("[jprune tests] skipping the GPU tests that need it: " + reason.get() + " (-D"
                    + PROPERTY + "=emulated or =device turns such skips into failures)");
        }
        assumeTrue(met, reason);
    }

    private static String value() {
        String value = System.getProperty(PROPERTY, "").trim();
        if (!value.isEmpty() && !value.equals("emulated") && !value.equals("device")) {
            fail("-D" + PROPERTY + "=" + value + " is neither emulated nor device");
        }
        return value;
    }
}
