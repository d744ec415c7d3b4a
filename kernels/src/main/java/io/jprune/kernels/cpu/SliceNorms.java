package io.jprune.kernels.cpu;

import io.jprune.kernels.NormAccumulation;
import java.util.Arrays;

/**
 * The norm of every slice along one dim, in a single pass over the tensor in memory order. The tensor is
 * read as {@code [outer, channels, inner]}: element {@code (o, c, i)} sits at {@code (o * channels + c) *
 * inner + i}, so each run of {@code inner} consecutive elements belongs to one channel. Each chunk sums
 * into its own accumulators, which are combined at the end.
 */
final class SliceNorms {

    private SliceNorms() {
    }

    static double[] compute(float[] t, int[] shape, int dim, double p, ParallelChunks chunks) {
        if (Double.isNaN(p)) {
            throw new IllegalArgumentException("p must be a number, got NaN");
        }
        if (dim < 0 || dim >= shape.length) {
            throw new IllegalArgumentException("dim=" + dim + " is outside a shape of " + shape.length + " dims");
        }
        long numel = 1;
        for (int d : shape) {
            numel *= d;
        }
        if (numel != t.length) {
            throw new IllegalArgumentException("the shape holds " + numel + " elements but t has " + t.length);
        }
        int channels = shape[dim];
        int inner = 1;
        for (int d = dim + 1; d < shape.length; d++) {
            inner *= shape[d];
        }
        NormAccumulation kind = NormAccumulation.of(p);
        double[][] partial = new double[chunks.count()][];
        int blockSize = inner;
        chunks.run(c -> partial[c] = accumulate(t, chunks.start(c), chunks.end(c), channels, blockSize, kind, p));
        double[] norms = partial[0];
        for (int c = 1; c < partial.length; c++) {
            for (int ch = 0; ch < channels; ch++) {
                norms[ch] = kind.combine(norms[ch], partial[c][ch]);
            }
        }
        for (int ch = 0; ch < channels; ch++) {
            norms[ch] = kind.finish(norms[ch], p);
        }
        return norms;
    }

    private static double[] accumulate(float[] t, int start, int end, int channels, int inner, NormAccumulation kind, double p) {
        double[] acc = new double[channels];
        Arrays.fill(acc, kind.identity());
        if (start >= end) {
            return acc;
        }
        if (inner == 1) {
            accumulateLastDim(t, start, end, channels, kind, p, acc);
            return acc;
        }
        int channel = (int) ((start / inner) % channels);
        int pos = start;
        while (pos < end) {
            int runEnd = (int) Math.min(end, ((long) pos / inner + 1) * inner);
            acc[channel] = kind.combine(acc[channel], reduceRun(t, pos, runEnd, kind, p));
            pos = runEnd;
            if (++channel == channels) {
                channel = 0;
            }
        }
        return acc;
    }

    /** The slices along the last dim are strided: element i belongs to channel {@code i % channels}. */
    private static void accumulateLastDim(float[] t, int start, int end, int channels, NormAccumulation kind, double p,
                                          double[] acc) {
        int channel = start % channels;
        switch (kind) {
            case ABS_SUM:
                for (int i = start; i < end; i++) {
                    acc[channel] += Math.abs(t[i]);
                    if (++channel == channels) {
                        channel = 0;
                    }
                }
                return;
            case SQUARE_SUM:
                for (int i = start; i < end; i++) {
                    double x = t[i];
                    acc[channel] += x * x;
                    if (++channel == channels) {
                        channel = 0;
                    }
                }
                return;
            default:
                for (int i = start; i < end; i++) {
                    acc[channel] = kind.combine(acc[channel], reduceRun(t, i, i + 1, kind, p));
                    if (++channel == channels) {
                        channel = 0;
                    }
                }
        }
    }

    private static double reduceRun(float[] t, int from, int to, NormAccumulation kind, double p) {
        double acc = kind.identity();
        switch (kind) {
            case ABS_SUM:
                for (int i = from; i < to; i++) {
                    acc += Math.abs(t[i]);
                }
                return acc;
            case SQUARE_SUM:
                for (int i = from; i < to; i++) {
                    double x = t[i];
                    acc += x * x;
                }
                return acc;
            case MAX_ABS:
                for (int i = from; i < to; i++) {
                    acc = Math.max(acc, Math.abs(t[i]));
                }
                return acc;
            case MIN_ABS:
                for (int i = from; i < to; i++) {
                    acc = Math.min(acc, Math.abs(t[i]));
                }
                return acc;
            case NONZERO:
                for (int i = from; i < to; i++) {
                    if (t[i] != 0f) {
                        acc++;
                    }
                }
                return acc;
            default:
                for (int i = from; i < to; i++) {
                    acc += Math.pow(Math.abs(t[i]), p);
                }
                return acc;
        }
    }
}
