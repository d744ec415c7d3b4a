// The number of entries equal to zero (0.0 and -0.0), for the "zeros" figure of a pruned parameter.
#include "common.cuh"

extern "C" __global__ void __launch_bounds__(BLOCK)
jprune_count_zeros(const float* __restrict__ t, int n, u64* total) {
    __shared__ unsigned int scratch[WARPS];
    unsigned int count = 0;
    long long stride = (long long) gridDim.x * blockDim.x;
    for (long long i = (long long) blockIdx.x * blockDim.x + threadIdx.x; i < n; i += stride) {
        count += t[i] == 0.0f;
    }
    count = block_sum(count, scratch);
    if (threadIdx.x == 0 && count != 0) {
        atomicAdd(total, (u64) count);
    }
}
