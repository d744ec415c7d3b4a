// Per-chunk partial norms for ln_structured, in the one order every backend uses
// (io.jprune.kernels.SliceNormOrder): a channel's slice is cut into chunks of NORM_CHUNK positions; in a
// chunk, lane l of one warp accumulates positions l, l + 32, l + 64, ... in that order, and lane 0 folds
// the 32 lanes in order into the chunk's partial. The host folds a channel's partials in order and
// finishes the norm (SliceNormOrder.finish), exactly as the CPU kernels do, so p = 0, 1, 2, inf and -inf
// give the CPU's norms bit for bit whatever the grid.
#include "common.cuh"

// What is accumulated (io.jprune.kernels.NormAccumulation's ordinals on the Java side).
#define NORM_NONZERO 0
#define NORM_ABS_SUM 1
#define NORM_SQUARE_SUM 2
#define NORM_MAX_ABS 3
#define NORM_MIN_ABS 4
#define NORM_POWER_SUM 5

// SliceNormOrder.CHUNK and LANES; one warp per chunk.
#define NORM_CHUNK 4096
#define NORM_LANES 32

// max and min that let a NaN win, as torch's amax/amin (and Java's Math.max/min) do.
__device__ __forceinline__ double nan_max(double a, double b) {
    return a != a ? a : (b != b ? b : (a > b ? a : b));
}

__device__ __forceinline__ double nan_min(double a, double b) {
    return a != a ? a : (b != b ? b : (a < b ? a : b));
}

__device__ __forceinline__ double combine(int mode, double a, double b) {
    switch (mode) {
        case NORM_MAX_ABS: return nan_max(a, b);
        case NORM_MIN_ABS: return nan_min(a, b);
        default: return a + b;
    }
}

// NormAccumulation.accumulate: x widened to double first, so |x| and x * x are exact.
__device__ __forceinline__ double accumulate(int mode, double acc, float x, double p) {
    double a = fabs((double) x);
    switch (mode) {
        case NORM_NONZERO: return x != 0.0f ? acc + 1.0 : acc;
        case NORM_ABS_SUM: return acc + a;
        case NORM_SQUARE_SUM: return acc + a * a;
        case NORM_MAX_ABS: return nan_max(acc, a);
        case NORM_MIN_ABS: return nan_min(acc, a);
        default: return acc + pow(a, p);
    }
}

// The slice of channel c is every t[o][c][i] of t seen as [outer][channels][inner]; slice position
// j = o * inner + i. Warp w of block b computes unit u = b * WARPS + w, which is chunk u % parts of
// channel u / parts; its partial goes to partials[u].
extern "C" __global__ void __launch_bounds__(BLOCK)
jprune_slice_norm_partials(const float* __restrict__ t, int channels, int inner, long long sliceSize,
                           int parts, int mode, double p, double* __restrict__ partials) {
    __shared__ double lanes[BLOCK];
    long long unit = (long long) blockIdx.x * WARPS + (threadIdx.x >> 5);
    long long units = (long long) channels * parts;
    int lane = threadIdx.x & 31;
    double acc = mode == NORM_MIN_ABS ? __longlong_as_double(0x7ff0000000000000ll) : 0.0;
    if (unit < units) {
        long long c = unit / parts;
        long long begin = (unit - c * parts) * NORM_CHUNK;
        long long end = min(begin + NORM_CHUNK, sliceSize);
        long long j = begin + lane;
        long long o = j / inner;
        long long i = j - o * inner;
        for (; j < end; j += NORM_LANES) {
            acc = accumulate(mode, acc, t[(o * channels + c) * inner + i], p);
            i += NORM_LANES;
            if (i >= inner) {
                long long carry = i / inner;
                o += carry;
                i -= carry * inner;
            }
        }
    }
    lanes[threadIdx.x] = acc;
    __syncthreads();
    if (lane == 0 && unit < units) {
        double partial = lanes[threadIdx.x];
        for (int l = 1; l < NORM_LANES; l++) {
            partial = combine(mode, partial, lanes[threadIdx.x + l]);
        }
        partials[unit] = partial;
    }
}
