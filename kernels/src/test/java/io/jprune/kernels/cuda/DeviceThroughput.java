package io.jprune.kernels.cuda;

import static org.bytedeco.cuda.global.cudart.CU_EVENT_DEFAULT;
import static org.bytedeco.cuda.global.cudart.cuCtxSynchronize;
import static org.bytedeco.cuda.global.cudart.cuEventCreate;
import static org.bytedeco.cuda.global.cudart.cuEventDestroy;
import static org.bytedeco.cuda.global.cudart.cuEventElapsedTime;
import static org.bytedeco.cuda.global.cudart.cuEventRecord;
import static org.bytedeco.cuda.global.cudart.cuEventSynchronize;
import static org.bytedeco.cuda.global.cudart.cuMemcpyDtoD;

import io.jprune.kernels.Backends;
import io.jprune.kernels.BitMask;
import io.jprune.kernels.Kernels;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.bytedeco.cuda.cudart.CUevent_st;
import org.bytedeco.cuda.cudart.CUstream_st;

/**
 * The device check's figures (runtime/device-check/run.sh): on data already on the GPU, the masked multiply's
 * bandwidth against a device-to-device copy of the same tensor (target: at least 70% of it) and the
 * selection of the 30% smallest against the copy's time (target: at most 5 times it; as a mask, the
 * form the engine asks for, and as a list of indices); then, call by
 * call as the engine makes them (transfers included), the CPU against the GPU by tensor size, which is
 * what the auto backend's threshold must be set from. Prints figures; judges nothing.
 *
 * <p>Arguments: [elements for the device figures, default 100M] [comma-separated sizes for the
 * call-by-call table, default 2^16..2^24].
 */
public final class DeviceThroughput {
    private static final int REPEATS = 7;

    private DeviceThroughput() {
    }

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000_000;
        int[] sizes = args.length > 1 ? Arrays.stream(args[1].split(",")).mapToInt(Integer::parseInt).toArray()
                : new int[] {1 << 16, 1 << 18, 1 << 20, 1 << 22, 1 << 24};
        CudaKernels gpu;
        try {
            gpu = (CudaKernels) Backends.select("gpu").kernels();
        } catch (IllegalStateException e) {
            System.out.println("no CUDA device: " + e.getMessage());
            System.exit(2);
            return;
        }
        System.out.println("device: " + gpu.description());
        onTheDevice(gpu, n);
        callByCall(gpu, Backends.cpu(), sizes);
    }

    private static void onTheDevice(CudaKernels gpu, int n) {
        CudaDevice device = gpu.device();
        float[] values = randomFloats(n, 1);
        long[] maskWords = BitMask.ofWords(n, randomWords((n + 63) / 64, 2)).wordsView();
        int k = (int) Math.rint(0.3 * n);
        device.call(() -> {
            try (DeviceAllocations buffers = new DeviceAllocations(device)) {
                long orig = buffers.upload(values);
                long mask = buffers.upload(maskWords);
                long out = buffers.floats(n);
                double copyMs = median(() -> elapsedMs(() ->
                        CudaDevice.check(cuMemcpyDtoD(out, orig, (long) n * Float.BYTES), "cuMemcpyDtoD")));
                double multiplyMs = median(() -> elapsedMs(() -> gpu.launchMaskedMultiply(orig, mask, out, n)));
                long indices = buffers.ints(k);
                double selectMaskMs = median(() -> elapsedMs(() -> {
                    try (DeviceAllocations scratch = new DeviceAllocations(device)) {
                        RadixSelection.select(DeviceRadixPasses.clearingMask(device, scratch, orig, 0, n, mask), k);
                    }
                }));
                double selectIndicesMs = median(() -> elapsedMs(() -> {
                    try (DeviceAllocations scratch = new DeviceAllocations(device)) {
                        RadixSelection.select(DeviceRadixPasses.writingIndices(device, scratch, orig, 0, n, indices), k);
                    }
                }));
                double copyGbps = 2.0 * n * Float.BYTES / copyMs / 1e6;
                double multiplyGbps = (2.0 * n * Float.BYTES + n / 8.0) / multiplyMs / 1e6;
                System.out.println(String.format(Locale.ROOT,
                        "copy, device to device: %d floats in %.3f ms = %.0f GB/s", n, copyMs, copyGbps));
                System.out.println(String.format(Locale.ROOT,
                        "masked multiply: %.3f ms = %.0f GB/s = %.0f%% of the copy (target >= 70%%)",
                        multiplyMs, multiplyGbps, 100 * multiplyGbps / copyGbps));
                System.out.println(String.format(Locale.ROOT,
                        "selection of the 30%% smallest, as a mask: %.3f ms = %.2fx the copy (target <= 5x)",
                        selectMaskMs, selectMaskMs / copyMs));
                System.out.println(String.format(Locale.ROOT,
                        "selection of the 30%% smallest, as indices: %.3f ms = %.2fx the copy",
                        selectIndicesMs, selectIndicesMs / copyMs));
            }
            return null;
        });
    }

    private static void callByCall(CudaKernels gpu, Kernels cpu, int[] sizes) {
        System.out.println("call by call, transfers included (median of " + REPEATS + ", ms): cpu / gpu");
        for (int n : sizes) {
            float[] t = randomFloats(n, n);
            BitMask mask = BitMask.ofWords(n, randomWords((n + 63) / 64, n));
            float[] out = new float[n];
            int k = (int) Math.rint(0.3 * n);
            int[] shape = {Math.max(1, n / 256), n >= 256 ? 256 : n};
            gpu.maskedMultiply(t, mask, out);
            String line = String.format(Locale.ROOT,
                    "n=%d  maskedMultiply %.3f / %.3f (original cached)  pruneSmallestMagnitudes %.3f / %.3f"
                            + "  sliceNorms %.3f / %.3f  countZeros %.3f / %.3f",
                    n,
                    median(() -> wallMs(() -> cpu.maskedMultiply(t, mask, out))),
                    median(() -> wallMs(() -> gpu.maskedMultiply(t, mask, out))),
                    median(() -> wallMs(() -> cpu.pruneSmallestMagnitudes(t, null, k, mask))),
                    median(() -> wallMs(() -> gpu.pruneSmallestMagnitudes(t, null, k, mask))),
                    median(() -> wallMs(() -> cpu.sliceNorms(t, shape, 0, 2))),
                    median(() -> wallMs(() -> gpu.sliceNorms(t, shape, 0, 2))),
                    median(() -> wallMs(() -> cpu.countZeros(t))),
                    median(() -> wallMs(() -> gpu.countZeros(t))));
            gpu.release(t);
            System.out.println(line);
        }
    }

    private static double median(Supplier<Double> measurement) {
        double[] samples = new double[REPEATS];
        for (int i = 0; i < REPEATS; i++) {
            samples[i] = measurement.get();
        }
        Arrays.sort(samples);
        return samples[REPEATS / 2];
    }

    /** GPU time between two events around the work; the context must be current. */
    private static double elapsedMs(Runnable work) {
        CUevent_st start = new CUevent_st();
        CUevent_st end = new CUevent_st();
        CudaDevice.check(cuEventCreate(start, CU_EVENT_DEFAULT), "cuEventCreate");
        CudaDevice.check(cuEventCreate(end, CU_EVENT_DEFAULT), "cuEventCreate");
        try {
            CudaDevice.check(cuEventRecord(start, (CUstream_st) null), "cuEventRecord");
            work.run();
            CudaDevice.check(cuEventRecord(end, (CUstream_st) null), "cuEventRecord");
            CudaDevice.check(cuEventSynchronize(end), "cuEventSynchronize");
            float[] ms = new float[1];
            CudaDevice.check(cuEventElapsedTime(ms, start, end), "cuEventElapsedTime");
            CudaDevice.check(cuCtxSynchronize(), "cuCtxSynchronize");
            return (double) ms[0];
        } finally {
            cuEventDestroy(start);
            cuEventDestroy(end);
        }
    }

    private static double wallMs(Runnable work) {
        long start = System.nanoTime();
        work.run();
        return (System.nanoTime() - start) / 1e6;
    }

    /** Distinct-looking magnitudes over a few binades, both signs: cheap to make for 100M elements. */
    static float[] randomFloats(int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] t = new float[n];
        for (int i = 0; i < n; i++) {
            int bits = random.nextInt();
            t[i] = Float.intBitsToFloat((bits & 0x807fffff) | (0x3c000000 + ((bits >>> 23 & 0x7) << 23)));
        }
        return t;
    }

    static long[] randomWords(int count, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        long[] words = new long[count];
        for (int i = 0; i < count; i++) {
            words[i] = random.nextLong();
        }
        return words;
    }
}
