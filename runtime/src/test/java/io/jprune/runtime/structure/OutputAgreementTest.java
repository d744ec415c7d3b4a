package io.jprune.runtime.structure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The check that decides whether a compaction is kept. */
class OutputAgreementTest {
    private final OutputAgreement agreement = OutputAgreement.within(1e-5);

    @Test
    void differencesAreMeasuredAgainstTheLargestOutput() {
        float[] expected = {10f, 0.001f, -3f};
        assertNull(agreement.disagreement(expected, new float[] {10.00005f, 0.00105f, -3f}));
        assertEquals("output 1 is 0.0012 instead of 0.001 (allowed difference 1.0E-4)",
                agreement.disagreement(expected, new float[] {10f, 0.0012f, -3f}));
    }

    @Test
    void shapesAndNaNsMustMatch() {
        assertEquals("output has 2 values instead of 3",
                agreement.disagreement(new float[] {1f, 2f, 3f}, new float[] {1f, 2f}));
        assertNull(agreement.disagreement(new float[] {Float.NaN, 1f}, new float[] {Float.NaN, 1f}));
        assertEquals("output 0 is 1.0 instead of NaN (allowed difference 1.0E-5)",
                agreement.disagreement(new float[] {Float.NaN, 1f}, new float[] {1f, 1f}));
        assertEquals("one output is missing", agreement.disagreement(new float[] {1f}, null));
    }

    @Test
    void aToleranceIsANumberAtLeastZero() {
        assertThrows(IllegalArgumentException.class, () -> OutputAgreement.within(-1));
        assertThrows(IllegalArgumentException.class, () -> OutputAgreement.within(Double.NaN));
    }
}
