package io.jprune.runtime.structure;

/**
 * Whether a compacted model still computes what the masked one did: every output within a relative
 * tolerance of the output vector's largest magnitude (relative per element would fail on logits near zero,
 * where float rounding is all there is). An adapter replays the captured inputs through the compacted model
 * and keeps the compaction only if every output agrees.
 */
public final class OutputAgreement {
    /** The tolerance jprune promises: compacted outputs equal masked ones to 1e-5 relative. */
    public static final double DEFAULT_TOLERANCE = 1e-5;

    private final double tolerance;

    private OutputAgreement(double tolerance) {
        this.tolerance = tolerance;
    }

    /** Agreement to {@code tolerance} times the largest expected magnitude. */
    public static OutputAgreement within(double tolerance) {
        if (!(tolerance >= 0)) {
            throw new IllegalArgumentException("tolerance must be >= 0, got " + tolerance);
        }
        return new OutputAgreement(tolerance);
    }

    /** The relative tolerance. */
    public double tolerance() {
        return tolerance;
    }

    /**
     * Why {@code actual} does not agree with {@code expected}, or {@code null} when it does. NaN agrees only
     * with NaN.
     */
    public String disagreement(float[] expected, float[] actual) {
        if (expected == null || actual == null) {
            return expected == actual ? null : "one output is missing";
        }
        if (expected.length != actual.length) {
            return "output has " + actual.length + " values instead of " + expected.length;
        }
        double scale = 0;
        for (float v : expected) {
            if (Float.isFinite(v)) {
                scale = Math.max(scale, Math.abs(v));
            }
        }
        double allowed = tolerance * scale;
        for (int i = 0; i < expected.length; i++) {
            float e = expected[i];
            float a = actual[i];
            boolean same = Float.isNaN(e) ? Float.isNaN(a)
                    : Float.isInfinite(e) ? e == a : Math.abs((double) a - e) <= allowed;
            if (!same) {
                return "output " + i + " is " + a + " instead of " + e + " (allowed difference " + (float) allowed
                        + ")";
            }
        }
        return null;
    }

    /** {@link #disagreement} of the two traces' model outputs. */
    public String disagreement(ForwardTrace expected, ForwardTrace actual) {
        return disagreement(expected.root().output(), actual.root().output());
    }
}
