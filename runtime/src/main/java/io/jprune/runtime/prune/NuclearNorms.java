package io.jprune.runtime.prune;

import io.jprune.runtime.tensor.Shape;

/**
 * The nuclear norm (sum of singular values) of each 2-D slice of a 3-D tensor, for {@code n='nuc'}.
 * Singular values come from a one-sided Jacobi SVD in double: short, and accurate without pivoting
 * tricks. This runs on the CPU only; nuclear norms are rare enough that no kernel carries them.
 */
final class NuclearNorms {
    private static final int MAX_SWEEPS = 100;

    private NuclearNorms() {
    }

    static double[] of(float[] t, Shape shape, int dim) {
        int[] stride = new int[3];
        stride[2] = 1;
        stride[1] = shape.size(2);
        stride[0] = shape.size(1) * shape.size(2);
        int rowDim = dim == 0 ? 1 : 0;
        int colDim = dim == 2 ? 1 : 2;
        int rows = shape.size(rowDim);
        int cols = shape.size(colDim);
        double[] norms = new double[shape.size(dim)];
        for (int c = 0; c < norms.length; c++) {
            double[][] columns = new double[cols][rows];
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < cols; j++) {
                    columns[j][i] = t[c * stride[dim] + i * stride[rowDim] + j * stride[colDim]];
                }
            }
            norms[c] = sumOfSingularValues(columns);
        }
        return norms;
    }

    /** Orthogonalises the columns pairwise; their final lengths are the singular values. */
    static double sumOfSingularValues(double[][] columns) {
        for (double[] column : columns) {
            for (double x : column) {
                if (!Double.isFinite(x)) {
                    return Double.NaN;
                }
            }
        }
        for (int sweep = 0; sweep < MAX_SWEEPS; sweep++) {
            boolean rotated = false;
            for (int a = 0; a < columns.length; a++) {
                for (int b = a + 1; b < columns.length; b++) {
                    rotated |= rotate(columns[a], columns[b]);
                }
            }
            if (!rotated) {
                break;
            }
        }
        double sum = 0;
        for (double[] column : columns) {
            double squares = 0;
            for (double x : column) {
                squares += x * x;
            }
            sum += Math.sqrt(squares);
        }
        return sum;
    }

    private static boolean rotate(double[] u, double[] v) {
        double alpha = 0;
        double beta = 0;
        double gamma = 0;
        for (int i = 0; i < u.length; i++) {
            alpha += u[i] * u[i];
            beta += v[i] * v[i];
            gamma += u[i] * v[i];
        }
        if (gamma == 0 || Math.abs(gamma) <= 1e-15 * Math.sqrt(alpha * beta)) {
            return false;
        }
        double zeta = (beta - alpha) / (2 * gamma);
        double tangent = Math.signum(zeta == 0 ? 1 : zeta) / (Math.abs(zeta) + Math.sqrt(1 + zeta * zeta));
        double cosine = 1 / Math.sqrt(1 + tangent * tangent);
        double sine = cosine * tangent;
        for (int i = 0; i < u.length; i++) {
            double x = u[i];
            double y = v[i];
            u[i] = cosine * x - sine * y;
            v[i] = sine * x + cosine * y;
        }
        return true;
    }
}
