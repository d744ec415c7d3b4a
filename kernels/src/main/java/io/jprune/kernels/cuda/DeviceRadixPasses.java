package io.jprune.kernels.cuda;

import io.jprune.kernels.cuda.CudaDevice.Kernel;
import io.jprune.kernels.cuda.RadixSelection.Digit;
import io.jprune.kernels.cuda.RadixSelection.TileCounts;
import io.jprune.kernels.cuda.RadixSelection.TileOffsets;

/**
 * The three passes of {@link RadixSelection} as launches of radix_select.cu's kernels; the last pass
 * either lists the selected indices or clears their bits in a mask.
 */
final class DeviceRadixPasses implements RadixSelection.Passes {
    private final CudaDevice device;
    private final DeviceAllocations scratch;
    private final long scores;
    private final long candidates;
    private final int n;
    private final long indices;
    private final long mask;
    private final int tiles;
    private long histogram;
    private long lessCounts;
    private long equalCounts;

    private DeviceRadixPasses(CudaDevice device, DeviceAllocations scratch, long scores, long candidates, int n,
                              long indices, long mask) {
        this.device = device;
        this.scratch = scratch;
        this.scores = scores;
        this.candidates = candidates;
        this.n = n;
        this.indices = indices;
        this.mask = mask;
        this.tiles = RadixSelection.tiles(n);
    }

    /**
     * @param candidates device words of the candidate mask, or 0 for every entry
     * @param indices    device buffer for the k selected indices
     */
    static DeviceRadixPasses writingIndices(CudaDevice device, DeviceAllocations scratch, long scores,
                                            long candidates, int n, long indices) {
        return new DeviceRadixPasses(device, scratch, scores, candidates, n, indices, 0);
    }

    /** @param mask device words of the default mask, whose selected bits are cleared in place */
    static DeviceRadixPasses clearingMask(CudaDevice device, DeviceAllocations scratch, long scores,
                                          long candidates, int n, long mask) {
        return new DeviceRadixPasses(device, scratch, scores, candidates, n, 0, mask);
    }

    @Override
    public int[] histogram(int prefix, int prefixMask, Digit digit) {
        if (histogram == 0) {
            histogram = scratch.ints(RadixSelection.DIGITS.stream().mapToInt(Digit::bins).max().orElseThrow());
        }
        device.fill32(histogram, 0, digit.bins());
        try (KernelArguments args = new KernelArguments().pointer(scores).pointer(candidates).int32(n)
                .int32(prefix).int32(prefixMask).int32(digit.shift()).int32(digit.bins()).pointer(histogram)) {
            device.launch(Kernel.RADIX_HISTOGRAM, device.gridFor(n), 1, args);
        }
        int[] counts = new int[digit.bins()];
        device.download(histogram, counts);
        return counts;
    }

    @Override
    public TileCounts tileCounts(int cutoff) {
        lessCounts = scratch.ints(tiles);
        equalCounts = scratch.ints(tiles);
        try (KernelArguments args = new KernelArguments().pointer(scores).pointer(candidates).int32(n)
                .int32(cutoff).pointer(lessCounts).pointer(equalCounts)) {
            device.launch(Kernel.RADIX_TILE_COUNTS, tiles, 1, args);
        }
        int[] less = new int[tiles];
        int[] equal = new int[tiles];
        device.download(lessCounts, less);
        device.download(equalCounts, equal);
        return new TileCounts(less, equal);
    }

    @Override
    public void write(int cutoff, int need, TileOffsets offsets) {
        // The counts are read; their buffers now carry what the write pass needs.
        device.upload(offsets.equalBefore(), equalCounts);
        if (mask != 0) {
            try (KernelArguments args = new KernelArguments().pointer(scores).pointer(candidates).int32(n)
                    .int32(cutoff).int32(need).pointer(equalCounts).pointer(mask)) {
                device.launch(Kernel.RADIX_WRITE_MASK, tiles, 1, args);
            }
            return;
        }
        device.upload(offsets.outOffsets(), lessCounts);
        try (KernelArguments args = new KernelArguments().pointer(scores).pointer(candidates).int32(n)
                .int32(cutoff).int32(need).pointer(lessCounts).pointer(equalCounts).pointer(indices)) {
            device.launch(Kernel.RADIX_WRITE, tiles, 1, args);
        }
    }
}
