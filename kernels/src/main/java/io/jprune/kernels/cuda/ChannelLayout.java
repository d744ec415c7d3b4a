package io.jprune.kernels.cuda;

import java.util.Arrays;

/**
 * A row-major tensor seen as {@code [outer][channels][inner]} around one dim: the view every
 * structured kernel works in, since the channel of flat index e is {@code (e / inner) % channels}.
 * Argument errors read as the CPU kernels' do, so the backend never changes what a caller sees.
 */
record ChannelLayout(int channels, int inner, long outer, int numel) {

    static ChannelLayout of(int[] shape, int dim) {
        if (dim < 0 || dim >= shape.length) {
            throw new IllegalArgumentException("dim=" + dim + " is outside a shape of " + shape.length + " dims");
        }
        long outer = 1;
        long inner = 1;
        for (int d = 0; d < shape.length; d++) {
            if (shape[d] < 0) {
                throw new IllegalArgumentException("negative size in shape " + Arrays.toString(shape));
            }
            if (d < dim) {
                outer *= shape[d];
            } else if (d > dim) {
                inner *= shape[d];
            }
            if (outer > Integer.MAX_VALUE || inner > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " has more than 2^31-1 elements");
            }
        }
        long numel = outer * shape[dim] * inner;
        if (numel > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " has more than 2^31-1 elements");
        }
        return new ChannelLayout(shape[dim], (int) inner, outer, (int) numel);
    }

    /** Elements per channel slice: everything but the channel dim. */
    long sliceSize() {
        return outer * inner;
    }
}
