package io.jprune.kernels.cpu;

import io.jprune.kernels.NormAccumulation;
import io.jprune.kernels.SliceNormOrder;
import java.util.Arrays;

/**
 * The norm of every slice along one dim, added up in {@link SliceNormOrder}'s order so that the result
 * does not depend on how many threads computed it. The tensor is read as {@code [outer, channels,
 * inner]}: element {@code (o, c, i)} sits at {@code (o * channels + c) * inner + i} and is slice position
 * {@code o * inner + i} of channel c. The work is one item per chunk of a channel's slice (per chunk of
 * a group of adjacent channels along the last dim, whose elements lie side by side in memory); threads
 * share out the items, each writes its own chunk partials, and the partials are folded in order at the end.
 */
final class SliceNorms {
    /** Channels whose chunks one item computes together when the dim is the last one (inner == 1). */
    private static final int LAST_DIM_GROUP = 64;

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
        long slice = channels == 0 ? 0 : numel / channels;
        NormAccumulation kind = NormAccumulation.of(p);
        int parts = SliceNormOrder.parts(slice);
        double[] partials = new double[channels * parts];
        Work work = new Work(t, channels, inner, slice, parts, kind, p, partials);
        int tasks = chunks.count();
        long items = work.items();
        chunks.run(task -> work.compute(items * task / tasks, items * (task + 1) / tasks));
        return SliceNormOrder.finish(partials, channels, parts, kind, p);
    }

    /** One call's tensor and partials; item {@code q * groups + g} is chunk q of channel group g. */
    private static final class Work {
        private final float[] t;
        private final int channels;
        private final int inner;
        private final long slice;
        private final int parts;
        private final NormAccumulation kind;
        private final double p;
        private final double[] partials;
        private final int group;
        private final int groups;

        Work(float[] t, int channels, int inner, long slice, int parts, NormAccumulation kind, double p,
             double[] partials) {
            this.t = t;
            this.channels = channels;
            this.inner = inner;
            this.slice = slice;
            this.parts = parts;
            this.kind = kind;
            this.p = p;
            this.partials = partials;
            this.group = inner == 1 ? LAST_DIM_GROUP : 1;
            this.groups = (channels + group - 1) / group;
        }

        long items() {
            return (long) parts * groups;
        }

        void compute(long fromItem, long toItem) {
            double[] lanes = new double[group * SliceNormOrder.LANES];
            for (long item = fromItem; item < toItem; item++) {
                int q = (int) (item / groups);
                int c0 = (int) (item % groups) * group;
                int c1 = Math.min(channels, c0 + group);
                long begin = (long) q * SliceNormOrder.CHUNK;
                long end = Math.min(slice, begin + SliceNormOrder.CHUNK);
                Arrays.fill(lanes, kind.identity());
                if (inner == 1) {
                    lastDimChunk(begin, end, c0, c1, lanes);
                } else {
                    channelChunk(begin, end, c0, lanes);
                }
                for (int c = c0; c < c1; c++) {
                    partials[c * parts + q] = SliceNormOrder.foldLanes(lanes, (c - c0) * SliceNormOrder.LANES, kind);
                }
            }
        }

        /** Along the last dim, position j of channel c is element {@code j * channels + c}. */
        private void lastDimChunk(long begin, long end, int c0, int c1, double[] lanes) {
            for (long j = begin; j < end; j++) {
                int lane = (int) (j & (SliceNormOrder.LANES - 1));
                int row = (int) (j * channels);
                for (int c = c0; c < c1; c++) {
                    int at = (c - c0) * SliceNormOrder.LANES + lane;
                    lanes[at] = kind.accumulate(lanes[at], t[row + c], p);
                }
            }
        }

        /** One channel's chunk, in runs of consecutive elements (one run per outer index it touches). */
        private void channelChunk(long begin, long end, int c, double[] lanes) {
            long j = begin;
            while (j < end) {
                long o = j / inner;
                int i = (int) (j - o * inner);
                int run = (int) Math.min(end - j, inner - i);
                int base = (int) ((o * channels + c) * inner + i);
                int lane = (int) (j & (SliceNormOrder.LANES - 1));
                for (int k = 0; k < run; k++) {
                    lanes[lane] = kind.accumulate(lanes[lane], t[base + k], p);
                    lane = (lane + 1) & (SliceNormOrder.LANES - 1);
                }
                j += run;
            }
        }
    }
}
