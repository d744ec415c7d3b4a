package io.jprune.agent.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Float comparisons that see what "bit for bit" promises: -0.0 is not 0.0, and NaN payloads count. */
public final class BitAssertions {
    private BitAssertions() {
    }

    /** {@code actual} holds exactly the bits of {@code expected}; the failure names {@code what} and the index. */
    public static void assertBitsEqual(float[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        for (int i = 0; i < expected.length; i++) {
            if (Float.floatToRawIntBits(expected[i]) != Float.floatToRawIntBits(actual[i])) {
                throw new AssertionError(what + " differs at " + i + ": " + expected[i] + " != " + actual[i]);
            }
        }
    }
}
