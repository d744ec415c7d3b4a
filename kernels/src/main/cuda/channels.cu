// Structured masks: expanding a per-channel keep vector to a bit mask, and finding which channels a
// mask still keeps (PruningContainer's "channels not yet entirely pruned").
#include "common.cuh"

// One thread per mask word; the channel of element e is (e / inner) % channels, stepped incrementally.
extern "C" __global__ void __launch_bounds__(BLOCK)
jprune_expand_channels(const unsigned char* __restrict__ keep, int channels, int inner, int n,
                       u64* __restrict__ words) {
    long long wordCount = ((long long) n + 63) / 64;
    long long stride = (long long) gridDim.x * blockDim.x;
    for (long long w = (long long) blockIdx.x * blockDim.x + threadIdx.x; w < wordCount; w += stride) {
        long long first = w * 64;
        int count = (int) min(64ll, (long long) n - first);
        long long slice = first / inner;
        long long within = first - slice * inner;
        int c = (int) (slice % channels);
        u64 bits = 0;
        for (int b = 0; b < count; b++) {
            if (keep[c]) {
                bits |= 1ull << b;
            }
            if (++within == inner) {
                within = 0;
                if (++c == channels) {
                    c = 0;
                }
            }
        }
        words[w] = bits;
    }
}

// alive[c] becomes 1 when the mask keeps any element of channel c; alive must be zeroed before.
extern "C" __global__ void __launch_bounds__(BLOCK)
jprune_channels_alive(const u64* __restrict__ mask, int channels, int inner, int n,
                      unsigned int* __restrict__ alive) {
    long long wordCount = ((long long) n + 63) / 64;
    long long stride = (long long) gridDim.x * blockDim.x;
    for (long long w = (long long) blockIdx.x * blockDim.x + threadIdx.x; w < wordCount; w += stride) {
        u64 bits = mask[w];
        while (bits != 0) {
            int b = __ffsll((long long) bits) - 1;
            bits &= bits - 1;
            long long e = w * 64 + b;
            unsigned int* flag = &alive[(e / inner) % channels];
            if (*flag == 0) {   // a dense mask would otherwise queue every store on a few addresses
                *flag = 1u;
            }
        }
    }
}
