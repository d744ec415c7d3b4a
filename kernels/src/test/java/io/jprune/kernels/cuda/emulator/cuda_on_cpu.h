// Runs jprune's CUDA kernels on the CPU for the tests of a machine without a GPU: every CUDA construct
// the kernels use, mapped onto cooperative threads. A block is BLOCK fibers on the calling thread that
// switch only at __syncthreads and the warp votes, which are real barriers; blocks run one after
// another (so __shared__ can be a static). Only the semantics the kernels rely on are modelled: with no
// preemption, a missing barrier may go unnoticed here, which only a real GPU shows.
#ifndef JPRUNE_CUDA_ON_CPU_H
#define JPRUNE_CUDA_ON_CPU_H

#include <cmath>
#include <cstring>

#define __global__
#define __device__
#define __forceinline__ inline
#define __launch_bounds__(...)
#define __shared__ static

struct dim3 {
    unsigned int x, y, z;
};
struct float4 {
    float x, y, z, w;
} __attribute__((aligned(16)));

extern dim3 threadIdx;
extern dim3 blockIdx;
extern dim3 blockDim;
extern dim3 gridDim;

void emulated_syncthreads();
void emulated_warp_barrier();
unsigned long long* emulated_warp_slots();

inline void __syncthreads() {
    emulated_syncthreads();
}

template <typename T>
inline T __shfl_down_sync(unsigned int, T value, int offset) {
    static_assert(sizeof(T) <= 8, "shuffle of at most 8 bytes");
    unsigned long long* slots = emulated_warp_slots();
    int lane = threadIdx.x & 31;
    unsigned long long bits = 0;
    std::memcpy(&bits, &value, sizeof(T));
    slots[lane] = bits;
    emulated_warp_barrier();
    T result = value;
    if (lane + offset < 32) {
        std::memcpy(&result, &slots[lane + offset], sizeof(T));
    }
    emulated_warp_barrier();
    return result;
}

inline unsigned int __ballot_sync(unsigned int, bool predicate) {
    unsigned long long* slots = emulated_warp_slots();
    int lane = threadIdx.x & 31;
    slots[lane] = predicate ? 1 : 0;
    emulated_warp_barrier();
    unsigned int ballot = 0;
    for (int l = 0; l < 32; l++) {
        ballot |= (unsigned int) slots[l] << l;
    }
    emulated_warp_barrier();
    return ballot;
}

inline int __popc(unsigned int x) {
    return __builtin_popcount(x);
}
inline int __ffsll(long long x) {
    return __builtin_ffsll(x);
}
inline unsigned int __float_as_uint(float x) {
    unsigned int bits;
    std::memcpy(&bits, &x, 4);
    return bits;
}
inline double __longlong_as_double(long long x) {
    double d;
    std::memcpy(&d, &x, 8);
    return d;
}
inline float __fmul_rn(float a, float b) {
    return a * b;
}
inline unsigned int atomicAdd(unsigned int* address, unsigned int value) {
    return __atomic_fetch_add(address, value, __ATOMIC_SEQ_CST);
}
inline unsigned long long atomicAdd(unsigned long long* address, unsigned long long value) {
    return __atomic_fetch_add(address, value, __ATOMIC_SEQ_CST);
}
template <typename T>
inline T min(T a, T b) {
    return b < a ? b : a;
}

#endif
