// Shared by every jprune kernel. Everything here must keep the GPU bit for bit equal to the CPU
// implementation (io.jprune.kernels.cpu.CpuKernels): no fast-math, no fused multiply-add. Only pow
// (slice norms of orders other than 0, 1, 2, inf and -inf) may differ from the JVM's in its last bits.
#ifndef JPRUNE_COMMON_CUH
#define JPRUNE_COMMON_CUH

typedef unsigned long long u64;

// Every kernel is launched with this many threads per block (CudaKernels.BLOCK on the Java side).
#define BLOCK 256
#define WARPS (BLOCK / 32)
#define FULL_WARP 0xffffffffu

// Bit i of word i/64 is element i, as io.jprune.kernels.BitMask lays it out.
__device__ __forceinline__ bool bit_set(const u64* words, long long i) {
    return (words[i >> 6] >> (i & 63)) & 1ull;
}

// Sum of v over the block; the result is valid in thread 0. Every thread of the block must call it.
__device__ __forceinline__ unsigned int block_sum(unsigned int v, unsigned int* scratch /* [WARPS] */) {
    for (int offset = 16; offset > 0; offset >>= 1) {
        v += __shfl_down_sync(FULL_WARP, v, offset);
    }
    int lane = threadIdx.x & 31;
    int warp = threadIdx.x >> 5;
    if (lane == 0) {
        scratch[warp] = v;
    }
    __syncthreads();
    v = 0;
    if (warp == 0) {
        v = lane < WARPS ? scratch[lane] : 0;
        for (int offset = 16; offset > 0; offset >>= 1) {
            v += __shfl_down_sync(FULL_WARP, v, offset);
        }
    }
    __syncthreads();
    return v;
}

#endif
