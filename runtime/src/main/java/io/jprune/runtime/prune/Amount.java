package io.jprune.runtime.prune;

import java.math.BigInteger;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * PyTorch's {@code amount}: either a count of units to prune or a fraction of them. The two are distinct
 * types because PyTorch keys on Python's int/float distinction: {@code 1} prunes one unit, {@code 1.0}
 * prunes all of them. Immutable.
 */
public final class Amount {
    private static final Pattern INTEGER = Pattern.compile("[+-]?\\d+");
    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
    private static final Pattern SPECIAL = Pattern.compile("[+-]?(inf|infinity|nan)");

    private final boolean count;
    private final long units;
    private final double fraction;
    private final String literal;

    private Amount(boolean count, long units, double fraction, String literal) {
        this.count = count;
        this.units = units;
        this.fraction = fraction;
        this.literal = literal;
    }

    /**
     * Reads an amount the way a Python literal reads: {@code "16"} is a count, {@code "0.3"}, {@code "1.0"},
     * {@code "1e-1"} and {@code "nan"} are fractions. This is how a remote caller, who can only send text,
     * still chooses between the two types.
     *
     * @throws IllegalArgumentException with PyTorch's TypeError or ValueError text if the text is neither,
     *     or the value is out of range
     */
    public static Amount parse(String text) {
        String trimmed = text == null ? "" : text.trim();
        if (INTEGER.matcher(trimmed).matches()) {
            BigInteger value = new BigInteger(trimmed);
            String literal = value.toString();
            if (value.signum() < 0) {
                throw outOfRange(literal);
            }
            long units = value.bitLength() < 64 ? value.longValue() : Long.MAX_VALUE;
            return new Amount(true, units, 0, literal);
        }
        if (DECIMAL.matcher(trimmed).matches()) {
            return fraction(Double.parseDouble(trimmed));
        }
        if (SPECIAL.matcher(trimmed.toLowerCase(Locale.ROOT)).matches()) {
            String lower = trimmed.toLowerCase(Locale.ROOT);
            double magnitude = lower.contains("nan") ? Double.NaN : Double.POSITIVE_INFINITY;
            return fraction(lower.startsWith("-") ? -magnitude : magnitude);
        }
        throw new IllegalArgumentException("Invalid type for amount: " + (text == null ? "None" : text)
                + ". Must be int or float.");
    }

    /**
     * A count of units (entries, or channels for structured methods), PyTorch's int amount.
     *
     * @throws IllegalArgumentException with PyTorch's text if {@code n} is negative
     */
    public static Amount count(long n) {
        if (n < 0) {
            throw outOfRange(Long.toString(n));
        }
        return new Amount(true, n, 0, Long.toString(n));
    }

    /**
     * A fraction of the units, PyTorch's float amount. NaN passes here as it does in PyTorch, and fails
     * only when it is converted to a count.
     *
     * @throws IllegalArgumentException with PyTorch's text if {@code f} is outside [0, 1]
     */
    public static Amount fraction(double f) {
        String literal = PythonFloat.repr(f);
        if (f > 1.0 || f < 0.0) {
            throw outOfRange(literal);
        }
        return new Amount(false, 0, f, literal);
    }

    private static IllegalArgumentException outOfRange(String literal) {
        return new IllegalArgumentException("amount=" + literal
                + " should either be a float in the range [0, 1] or a non-negative integer");
    }

    /** Whether this is a count (PyTorch's int) rather than a fraction (PyTorch's float). */
    public boolean isCount() {
        return count;
    }

    /**
     * The number of units to prune out of {@code candidates}: a count as it is, a fraction rounded half to
     * even as Python's {@code round} does (0.5 of 5 is 2, not 3).
     *
     * @throws IllegalArgumentException with PyTorch's text if a count exceeds {@code candidates}, or the
     *     fraction is NaN
     */
    public int toCount(int candidates) {
        if (count) {
            if (units > candidates) {
                throw new IllegalArgumentException("amount=" + literal
                        + " should be smaller than the number of parameters to prune=" + candidates);
            }
            return (int) units;
        }
        if (Double.isNaN(fraction)) {
            throw new IllegalArgumentException("amount=nan cannot be converted to a number of parameters to prune");
        }
        return (int) Math.rint(fraction * candidates);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Amount)) {
            return false;
        }
        Amount other = (Amount) o;
        return count == other.count && units == other.units
                && Double.doubleToLongBits(fraction) == Double.doubleToLongBits(other.fraction);
    }

    @Override
    public int hashCode() {
        return Boolean.hashCode(count) * 31 + Long.hashCode(units) * 17 + Double.hashCode(fraction);
    }

    /** The amount as the Python literal PyTorch would print: {@code 16} for a count, {@code 0.3} for a fraction. */
    @Override
    public String toString() {
        return literal;
    }
}
