package io.jprune.runtime.prune;

import io.jprune.kernels.Kernels;
import io.jprune.runtime.tensor.Shape;
import java.math.BigInteger;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The {@code n} of {@code ln_structured}, with {@code torch.norm}'s meaning: a real number is a vector norm
 * over each slice ({@code inf} the largest magnitude, {@code -inf} the smallest, {@code 0} the count of
 * non-zeros); {@code fro} is the vector 2-norm while at most two dims are reduced; {@code nuc} is the
 * nuclear norm and exists only when exactly two dims are reduced (a 3-D tensor). Where PyTorch fails, this
 * fails with PyTorch's text. Immutable.
 */
public final class NormOrder {
    private static final Pattern INTEGER = Pattern.compile("[+-]?\\d+");
    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
    /** The relative distance within which norms of orders other than 0, 1, 2, inf, -inf and fro tie. */
    public static final double NEAR_TIE = 1e-9;
    private static final Pattern INFINITE = Pattern.compile("[+-]?(inf|infinity)");

    private enum Kind { VECTOR, FROBENIUS, NUCLEAR }

    private final Kind kind;
    private final double p;
    private final String literal;

    private NormOrder(Kind kind, double p, String literal) {
        this.kind = kind;
        this.p = p;
        this.literal = literal;
    }

    /**
     * Reads {@code n} as a remote caller writes it: {@code "1"}, {@code "2"}, {@code "0.5"}, {@code "inf"},
     * {@code "-inf"}, {@code "fro"} or {@code "nuc"}.
     *
     * @throws IllegalArgumentException naming {@code n} if the text is none of these
     */
    public static NormOrder parse(String text) {
        String trimmed = text == null ? "" : text.trim();
        if (trimmed.equals("fro")) {
            return new NormOrder(Kind.FROBENIUS, 2, "fro");
        }
        if (trimmed.equals("nuc")) {
            return new NormOrder(Kind.NUCLEAR, Double.NaN, "nuc");
        }
        if (INTEGER.matcher(trimmed).matches()) {
            BigInteger value = new BigInteger(trimmed);
            return new NormOrder(Kind.VECTOR, value.doubleValue(), value.toString());
        }
        if (DECIMAL.matcher(trimmed).matches()) {
            return of(Double.parseDouble(trimmed));
        }
        if (INFINITE.matcher(trimmed.toLowerCase(Locale.ROOT)).matches()) {
            return of(trimmed.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY);
        }
        throw new IllegalArgumentException("Invalid norm order n: " + text
                + ". Must be a number, inf, -inf, 'fro' or 'nuc'.");
    }

    /**
     * The vector norm of order {@code p}, for callers that hold a number rather than text.
     *
     * @throws IllegalArgumentException naming {@code n} if {@code p} is NaN
     */
    public static NormOrder of(double p) {
        if (Double.isNaN(p)) {
            throw new IllegalArgumentException("Invalid norm order n: nan. Must be a number, inf, -inf, 'fro' or 'nuc'.");
        }
        return new NormOrder(Kind.VECTOR, p, PythonFloat.repr(p));
    }

    /**
     * The vector-norm order this stands for ({@code fro} stands for 2), which is what kernels compute with.
     *
     * @throws IllegalStateException for {@code nuc}, which is not a vector norm
     */
    public double p() {
        if (kind == Kind.NUCLEAR) {
            throw new IllegalStateException("nuc is a matrix norm; it has no vector order p");
        }
        return p;
    }

    /**
     * How close (relative) two channels' norms must be to count as a tie, which ln_structured's tie rule
     * (lower channel index kept) then decides. 0 for 0, 1, 2, inf, -inf and fro: their norms are the same
     * bits on every machine (the kernels add in one order and every term is exact), so only exactly equal
     * norms tie, and the mask is the same everywhere. {@value #NEAR_TIE} for other orders and nuc: pow
     * may round its last bit differently on the JVM and on a GPU, and the nuclear norm of a permuted slice
     * differs from the original's by rounding, by about 1e-15; norms within 1e-9 of each other are tied,
     * which is still far finer than PyTorch's own float32 norms can tell apart (about 1e-7).
     */
    public double tieTolerance() {
        if (kind == Kind.NUCLEAR) {
            return NEAR_TIE;
        }
        boolean exact = p == 0 || p == 1 || p == 2 || Double.isInfinite(p);
        return exact ? 0 : NEAR_TIE;
    }

    /**
     * The norm of every slice of {@code t} along {@code dim} (already normalised), as
     * {@code torch.norm(t, p=n, dim=<every other dim>)} gives it, computed in double.
     */
    double[] sliceNorms(float[] t, Shape shape, int dim, Kernels kernels) {
        int reducedDims = shape.dim() - 1;
        switch (kind) {
            case FROBENIUS:
                if (reducedDims > 2) {
                    throw notAMatrix(shape, dim);
                }
                return kernels.sliceNorms(t, shape.dims(), dim, 2);
            case NUCLEAR:
                if (reducedDims != 2) {
                    throw notAMatrix(shape, dim);
                }
                return NuclearNorms.of(t, shape, dim);
            default:
                if (Double.isInfinite(p) && shape.size(dim) > 0 && shape.numel() == 0) {
                    throw new IllegalArgumentException("linalg.vector_norm cannot compute the " + literal
                            + " norm on an empty tensor because the operation does not have an identity");
                }
                return kernels.sliceNorms(t, shape.dims(), dim, p);
        }
    }

    private static IllegalArgumentException notAMatrix(Shape shape, int dim) {
        StringBuilder reduced = new StringBuilder();
        for (int d = 0; d < shape.dim(); d++) {
            if (d != dim) {
                reduced.append(reduced.length() == 0 ? "" : " ").append(d);
            }
        }
        return new IllegalArgumentException("linalg.matrix_norm: dim must be a 2-tuple. Got " + reduced);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof NormOrder)) {
            return false;
        }
        NormOrder other = (NormOrder) o;
        return kind == other.kind && Double.compare(p, other.p) == 0;
    }

    @Override
    public int hashCode() {
        return kind.hashCode() * 31 + Double.hashCode(p);
    }

    /** {@code n} as Python prints it: {@code 2}, {@code 0.5}, {@code inf}, {@code -inf}, {@code fro}, {@code nuc}. */
    @Override
    public String toString() {
        return literal;
    }
}
