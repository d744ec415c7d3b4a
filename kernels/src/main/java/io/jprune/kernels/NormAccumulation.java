package io.jprune.kernels;

/**
 * How the norm of order {@code p} of a slice is accumulated, combined from partial sums and finished: one
 * definition for the CPU kernels and the GPU plan, so that both backends give {@code ln_structured} the same
 * norms. The ordinal is the mode argument of {@code slice_norms.cu} ({@code NORM_*} there), so the order of
 * the constants is fixed.
 */
public enum NormAccumulation {
    /** p = 0: the count of non-zeros. */
    NONZERO,
    /** p = 1: the sum of absolute values. */
    ABS_SUM,
    /** p = 2: the square root of the sum of squares. */
    SQUARE_SUM,
    /** p = inf: the largest absolute value. */
    MAX_ABS,
    /** p = -inf: the smallest absolute value. */
    MIN_ABS,
    /** Any other p: {@code (sum |x|^p)^(1/p)}. */
    POWER_SUM;

    /** The accumulation of order {@code p}; chosen once, outside the loops. */
    public static NormAccumulation of(double p) {
        if (p == 0) {
            return NONZERO;
        } else if (p == 1) {
            return ABS_SUM;
        } else if (p == 2) {
            return SQUARE_SUM;
        } else if (p == Double.POSITIVE_INFINITY) {
            return MAX_ABS;
        } else if (p == Double.NEGATIVE_INFINITY) {
            return MIN_ABS;
        }
        return POWER_SUM;
    }

    /** The value of an empty slice before {@link #finish}. */
    public double identity() {
        return this == MIN_ABS ? Double.POSITIVE_INFINITY : 0;
    }

    /**
     * One element added to an accumulation: {@code x} is widened to double before anything else, so
     * {@code |x|} and {@code x * x} are exact and only the additions round (see {@link SliceNormOrder}).
     */
    public double accumulate(double acc, float x, double p) {
        double a = Math.abs((double) x);
        switch (this) {
            case NONZERO:
                return x != 0f ? acc + 1 : acc;
            case ABS_SUM:
                return acc + a;
            case SQUARE_SUM:
                return acc + a * a;
            case MAX_ABS:
                return Math.max(acc, a);
            case MIN_ABS:
                return Math.min(acc, a);
            default:
                return acc + Math.pow(a, p);
        }
    }

    /** Two partial accumulations of the same slice as one. */
    public double combine(double a, double b) {
        switch (this) {
            case MAX_ABS:
                return Math.max(a, b);
            case MIN_ABS:
                return Math.min(a, b);
            default:
                return a + b;
        }
    }

    /** The norm from a slice's whole accumulation. */
    public double finish(double acc, double p) {
        switch (this) {
            case SQUARE_SUM:
                return Math.sqrt(acc);
            case POWER_SUM:
                return Math.pow(acc, 1 / p);
            default:
                return acc;
        }
    }
}
