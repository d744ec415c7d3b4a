// The k smallest magnitudes among the candidates, by radix select on the float bits, with the CPU's
// tie rule: among entries equal to the cutoff magnitude the lower flat indices are selected first.
//
// The host (io.jprune.kernels.cuda.RadixSelection) drives it:
//   1. jprune_radix_histogram once per digit (bits 30..20, 19..9, 8..0) narrows down the cutoff key,
//      the key of the k-th smallest candidate, and how many cutoff-equal entries must be taken ("need");
//   2. jprune_radix_tile_counts counts, per tile of SELECT_TILE elements, the candidates below and at
//      the cutoff; the host turns those into per-tile output offsets and "equal entries before";
//   3. jprune_radix_write writes every selected flat index, in ascending order, or
//      jprune_radix_write_mask clears the selected entries' bits in a copy of the default mask.
#include "common.cuh"

#define RADIX_MAX_BINS 2048
// Elements per block in the tile kernels (RadixSelection.TILE on the Java side).
#define SELECT_TILE 8192

// The order of magnitudes as unsigned keys: dropping the sign bit makes -0.0 equal 0.0 and leaves
// non-negative floats whose bit patterns sort as their values; every NaN becomes one key above +inf,
// so NaNs rank last (as torch.topk) and tie with each other.
__device__ __forceinline__ unsigned int magnitude_key(float x) {
    unsigned int bits = __float_as_uint(x) & 0x7fffffffu;
    return bits > 0x7f800000u ? 0x7f800001u : bits;
}

__device__ __forceinline__ bool is_candidate(const u64* candidates, long long i) {
    return candidates == nullptr || bit_set(candidates, i);
}

// histogram[d] += number of candidates whose key matches prefix on prefixMask and has digit d at shift.
extern "C" __global__ void __launch_bounds__(BLOCK)
jprune_radix_histogram(const float* __restrict__ scores, const u64* __restrict__ candidates, int n,
                       unsigned int prefix, unsigned int prefixMask, int shift, int bins,
                       unsigned int* histogram) {
    __shared__ unsigned int local[RADIX_MAX_BINS];
    for (int b = threadIdx.x; b < bins; b += blockDim.x) {
        local[b] = 0;
    }
    __syncthreads();
    long long stride = (long long) gridDim.x * blockDim.x;
    for (long long i = (long long) blockIdx.x * blockDim.x + threadIdx.x; i < n; i += stride) {
        if (is_candidate(candidates, i)) {
            unsigned int key = magnitude_key(scores[i]);
            if ((key & prefixMask) == prefix) {
                atomicAdd(&local[(key >> shift) & (bins - 1)], 1u);
            }
        }
    }
    __syncthreads();
    for (int b = threadIdx.x; b < bins; b += blockDim.x) {
        if (local[b] != 0) {
            atomicAdd(&histogram[b], local[b]);
        }
    }
}

// One block per tile: the candidates of the tile below the cutoff key and equal to it.
extern "C" __global__ void __launch_bounds__(BLOCK)
jprune_radix_tile_counts(const float* __restrict__ scores, const u64* __restrict__ candidates, int n,
                         unsigned int cutoff, unsigned int* lessCounts, unsigned int* equalCounts) {
    __shared__ unsigned int scratch[WARPS];
    long long begin = (long long) blockIdx.x * SELECT_TILE;
    long long end = min(begin + SELECT_TILE, (long long) n);
    unsigned int less = 0;
    unsigned int equal = 0;
    for (long long i = begin + threadIdx.x; i < end; i += blockDim.x) {
        if (is_candidate(candidates, i)) {
            unsigned int key = magnitude_key(scores[i]);
            less += key < cutoff;
            equal += key == cutoff;
        }
    }
    less = block_sum(less, scratch);
    equal = block_sum(equal, scratch);
    if (threadIdx.x == 0) {
        lessCounts[blockIdx.x] = less;
        equalCounts[blockIdx.x] = equal;
    }
}

// One block per tile, walking it in rounds of BLOCK elements so that ranks follow the flat index:
// a cutoff-equal entry is selected when fewer than `need` cutoff-equal entries precede it.
extern "C" __global__ void __launch_bounds__(BLOCK)
jprune_radix_write(const float* __restrict__ scores, const u64* __restrict__ candidates, int n,
                   unsigned int cutoff, unsigned int need,
                   const unsigned int* __restrict__ outOffsets, const unsigned int* __restrict__ equalBefore,
                   int* __restrict__ out) {
    __shared__ unsigned int warpEqual[WARPS];
    __shared__ unsigned int warpSelected[WARPS];
    long long begin = (long long) blockIdx.x * SELECT_TILE;
    long long end = min(begin + SELECT_TILE, (long long) n);
    unsigned int equalSoFar = equalBefore[blockIdx.x];
    unsigned int written = outOffsets[blockIdx.x];
    int lane = threadIdx.x & 31;
    int warp = threadIdx.x >> 5;
    unsigned int lanesBelow = (1u << lane) - 1u;
    for (long long base = begin; base < end; base += BLOCK) {
        long long i = base + threadIdx.x;
        bool candidate = i < end && is_candidate(candidates, i);
        unsigned int key = candidate ? magnitude_key(scores[i]) : 0u;
        bool isLess = candidate && key < cutoff;
        bool isEqual = candidate && key == cutoff;

        unsigned int equalBallot = __ballot_sync(FULL_WARP, isEqual);
        if (lane == 0) {
            warpEqual[warp] = __popc(equalBallot);
        }
        __syncthreads();
        unsigned int equalRank = equalSoFar + __popc(equalBallot & lanesBelow);
        unsigned int roundEqual = 0;
        for (int w = 0; w < WARPS; w++) {
            unsigned int count = warpEqual[w];
            equalRank += w < warp ? count : 0;
            roundEqual += count;
        }
        bool selected = isLess || (isEqual && equalRank < need);

        unsigned int selectedBallot = __ballot_sync(FULL_WARP, selected);
        if (lane == 0) {
            warpSelected[warp] = __popc(selectedBallot);
        }
        __syncthreads();
        unsigned int position = written + __popc(selectedBallot & lanesBelow);
        unsigned int roundSelected = 0;
        for (int w = 0; w < WARPS; w++) {
            unsigned int count = warpSelected[w];
            position += w < warp ? count : 0;
            roundSelected += count;
        }
        if (selected) {
            out[position] = (int) i;
        }
        equalSoFar += roundEqual;
        written += roundSelected;
        __syncthreads();
    }
}

// The same selection as jprune_radix_write, delivered as a mask: the bits of the selected entries are
// cleared in mask (the default mask's words, seen as 32-bit halves, little-endian), so n/8 bytes come
// back instead of 4k. Each warp owns the 32 mask bits of its 32 elements in a round: no atomics.
extern "C" __global__ void __launch_bounds__(BLOCK)
jprune_radix_write_mask(const float* __restrict__ scores, const u64* __restrict__ candidates, int n,
                        unsigned int cutoff, unsigned int need, const unsigned int* __restrict__ equalBefore,
                        unsigned int* __restrict__ mask) {
    __shared__ unsigned int warpEqual[WARPS];
    long long begin = (long long) blockIdx.x * SELECT_TILE;
    long long end = min(begin + SELECT_TILE, (long long) n);
    unsigned int equalSoFar = equalBefore[blockIdx.x];
    int lane = threadIdx.x & 31;
    int warp = threadIdx.x >> 5;
    unsigned int lanesBelow = (1u << lane) - 1u;
    for (long long base = begin; base < end; base += BLOCK) {
        long long i = base + threadIdx.x;
        bool candidate = i < end && is_candidate(candidates, i);
        unsigned int key = candidate ? magnitude_key(scores[i]) : 0u;
        bool isLess = candidate && key < cutoff;
        bool isEqual = candidate && key == cutoff;

        unsigned int equalBallot = __ballot_sync(FULL_WARP, isEqual);
        if (lane == 0) {
            warpEqual[warp] = __popc(equalBallot);
        }
        __syncthreads();
        unsigned int equalRank = equalSoFar + __popc(equalBallot & lanesBelow);
        unsigned int roundEqual = 0;
        for (int w = 0; w < WARPS; w++) {
            unsigned int count = warpEqual[w];
            equalRank += w < warp ? count : 0;
            roundEqual += count;
        }
        bool selected = isLess || (isEqual && equalRank < need);

        unsigned int selectedBallot = __ballot_sync(FULL_WARP, selected);
        if (lane == 0 && selectedBallot != 0) {
            mask[(base >> 5) + warp] &= ~selectedBallot;
        }
        equalSoFar += roundEqual;
        __syncthreads();
    }
}
