// weight = weight_orig * weight_mask, with the mask at one bit per element.
#include "common.cuh"

// IEEE multiplication by 1.0f or 0.0f (never a select), so that a pruned negative weight becomes -0.0
// and a pruned NaN stays NaN, exactly as PyTorch's float mask multiplication does.
__device__ __forceinline__ float apply_bit(float x, unsigned int bit) {
    return __fmul_rn(x, bit ? 1.0f : 0.0f);
}

// orig and out start at the base of their allocations (256-byte aligned), so groups of four elements
// can move as one float4; the four bits of a group always lie in the same mask word.
extern "C" __global__ void __launch_bounds__(BLOCK)
jprune_masked_multiply(const float* __restrict__ orig, const u64* __restrict__ mask,
                       float* __restrict__ out, int n) {
    long long stride = (long long) gridDim.x * blockDim.x;
    long long first = (long long) blockIdx.x * blockDim.x + threadIdx.x;
    long long groups = n / 4;
    for (long long g = first; g < groups; g += stride) {
        float4 v = reinterpret_cast<const float4*>(orig)[g];
        long long i = g * 4;
        unsigned int bits = (unsigned int) (mask[i >> 6] >> (i & 63)) & 0xfu;
        v.x = apply_bit(v.x, bits & 1u);
        v.y = apply_bit(v.y, bits & 2u);
        v.z = apply_bit(v.z, bits & 4u);
        v.w = apply_bit(v.w, bits & 8u);
        reinterpret_cast<float4*>(out)[g] = v;
    }
    for (long long i = groups * 4 + first; i < n; i += stride) {
        out[i] = apply_bit(orig[i], bit_set(mask, i));
    }
}
