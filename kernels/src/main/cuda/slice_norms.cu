// Per-channel partial norms for ln_structured, deterministic: block (c, part) reduces a fixed chunk of
// channel c's slice in a fixed order, and the host adds the partials of a channel in order and takes
// the root (io.jprune.kernels.cuda.SliceNormPlan), so equal inputs always give equal norms.
#include "common.cuh"

// What is accumulated (SliceNormPlan.Accumulation on the Java side).
#define NORM_NONZERO 0
#define NORM_ABS_SUM 1
#define NORM_SQUARE_SUM 2
#define NORM_MAX_ABS 3
#define NORM_MIN_ABS 4
#define NORM_POWER_SUM 5

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

// The slice of channel c is every t[o][c][i] of t seen as [outer][channels][inner]; slice position
// j = o * inner + i. partials[c * gridDim.y + part] covers slice positions [part * chunk, (part + 1) * chunk).
extern "C" __global__ void __launch_bounds__(BLOCK)
jprune_slice_norm_partials(const float* __restrict__ t, int channels, int inner, long long sliceSize,
                           long long chunk, int mode, double p, double* __restrict__ partials) {
    __shared__ double reduced[BLOCK];
    long long c = blockIdx.x;
    long long begin = (long long) blockIdx.y * chunk;
    long long end = min(begin + chunk, sliceSize);
    double acc = mode == NORM_MIN_ABS ? __longlong_as_double(0x7ff0000000000000ll) : 0.0;
    for (long long j = begin + threadIdx.x; j < end; j += blockDim.x) {
        long long o = j / inner;
        long long i = j - o * inner;
        float x = t[(o * channels + c) * inner + i];
        double a = fabs((double) x);
        switch (mode) {
            case NORM_NONZERO: acc += x != 0.0f ? 1.0 : 0.0; break;
            case NORM_ABS_SUM: acc += a; break;
            case NORM_SQUARE_SUM: acc += a * a; break;
            case NORM_MAX_ABS: acc = nan_max(acc, a); break;
            case NORM_MIN_ABS: acc = nan_min(acc, a); break;
            default: acc += pow(a, p); break;
        }
    }
    reduced[threadIdx.x] = acc;
    __syncthreads();
    for (int half = BLOCK / 2; half > 0; half >>= 1) {
        if (threadIdx.x < half) {
            reduced[threadIdx.x] = combine(mode, reduced[threadIdx.x], reduced[threadIdx.x + half]);
        }
        __syncthreads();
    }
    if (threadIdx.x == 0) {
        partials[c * gridDim.y + blockIdx.y] = reduced[0];
    }
}
