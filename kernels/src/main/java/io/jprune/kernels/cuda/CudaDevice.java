package io.jprune.kernels.cuda;

import static org.bytedeco.cuda.global.cudart.CUDA_SUCCESS;
import static org.bytedeco.cuda.global.cudart.CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT;
import static org.bytedeco.cuda.global.cudart.cuCtxPopCurrent;
import static org.bytedeco.cuda.global.cudart.cuCtxPushCurrent;
import static org.bytedeco.cuda.global.cudart.cuDeviceGet;
import static org.bytedeco.cuda.global.cudart.cuDeviceGetAttribute;
import static org.bytedeco.cuda.global.cudart.cuDeviceGetCount;
import static org.bytedeco.cuda.global.cudart.cuDeviceGetName;
import static org.bytedeco.cuda.global.cudart.cuDevicePrimaryCtxRelease;
import static org.bytedeco.cuda.global.cudart.cuDevicePrimaryCtxRetain;
import static org.bytedeco.cuda.global.cudart.cuDriverGetVersion;
import static org.bytedeco.cuda.global.cudart.cuGetErrorName;
import static org.bytedeco.cuda.global.cudart.cuInit;
import static org.bytedeco.cuda.global.cudart.cuLaunchKernel;
import static org.bytedeco.cuda.global.cudart.cuMemAlloc;
import static org.bytedeco.cuda.global.cudart.cuMemAllocHost;
import static org.bytedeco.cuda.global.cudart.cuMemFree;
import static org.bytedeco.cuda.global.cudart.cuMemcpyDtoH;
import static org.bytedeco.cuda.global.cudart.cuMemcpyHtoD;
import static org.bytedeco.cuda.global.cudart.cuMemsetD32;
import static org.bytedeco.cuda.global.cudart.cuModuleGetFunction;
import static org.bytedeco.cuda.global.cudart.cuModuleLoadData;

import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.bytedeco.cuda.cudart.CUctx_st;
import org.bytedeco.cuda.cudart.CUfunc_st;
import org.bytedeco.cuda.cudart.CUmod_st;
import org.bytedeco.cuda.cudart.CUstream_st;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * One GPU through the CUDA driver API: its primary context, the loaded jprune.ptx module, device
 * memory and transfers through a pinned staging buffer. Every use goes through {@link #call}, which
 * serialises callers and makes the context current only for the call, so the host application's own
 * CUDA context (if it has one) is left as it was.
 */
final class CudaDevice {
    /** Threads per block of every kernel (BLOCK in common.cuh). */
    static final int BLOCK = 256;

    /** The kernels of jprune.ptx, by their extern "C" names. */
    enum Kernel {
        MASKED_MULTIPLY("jprune_masked_multiply"),
        RADIX_HISTOGRAM("jprune_radix_histogram"),
        RADIX_TILE_COUNTS("jprune_radix_tile_counts"),
        RADIX_WRITE("jprune_radix_write"),
        RADIX_WRITE_MASK("jprune_radix_write_mask"),
        SLICE_NORM_PARTIALS("jprune_slice_norm_partials"),
        EXPAND_CHANNELS("jprune_expand_channels"),
        CHANNELS_ALIVE("jprune_channels_alive"),
        COUNT_ZEROS("jprune_count_zeros");

        final String symbol;

        Kernel(String symbol) {
            this.symbol = symbol;
        }
    }

    private static final int STAGING_BYTES = 8 << 20;

    private final ReentrantLock lock = new ReentrantLock();
    private final CUctx_st context;
    private final Map<Kernel, CUfunc_st> functions;
    private final Pointer staging;
    private final String name;
    private final int driverApiVersion;
    private final int multiprocessors;

    private CudaDevice(CUctx_st context, Map<Kernel, CUfunc_st> functions, Pointer staging,
                       String name, int driverApiVersion, int multiprocessors) {
        this.context = context;
        this.functions = functions;
        this.staging = staging;
        this.name = name;
        this.driverApiVersion = driverApiVersion;
        this.multiprocessors = multiprocessors;
    }

    /**
     * Opens device 0 and loads the PTX into its primary context.
     *
     * @throws CudaException with the driver's error name when any step fails (no device, PTX rejected...)
     */
    static CudaDevice open(byte[] ptx) {
        check(cuInit(0), "cuInit");
        int[] value = new int[1];
        check(cuDeviceGetCount(value), "cuDeviceGetCount");
        if (value[0] == 0) {
            throw new CudaException("no CUDA device (cuDeviceGetCount returned 0)");
        }
        check(cuDeviceGet(value, 0), "cuDeviceGet");
        int ordinal = value[0];
        byte[] nameBytes = new byte[256];
        check(cuDeviceGetName(nameBytes, nameBytes.length, ordinal), "cuDeviceGetName");
        String name = cString(nameBytes);
        check(cuDriverGetVersion(value), "cuDriverGetVersion");
        int driverApiVersion = value[0];
        check(cuDeviceGetAttribute(value, CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT, ordinal), "cuDeviceGetAttribute");
        int multiprocessors = Math.max(1, value[0]);

        CUctx_st context = new CUctx_st();
        check(cuDevicePrimaryCtxRetain(context, ordinal), "cuDevicePrimaryCtxRetain");
        boolean opened = false;
        check(cuCtxPushCurrent(context), "cuCtxPushCurrent");
        try {
            Map<Kernel, CUfunc_st> functions = loadModule(ptx);
            Pointer staging = allocateStaging();
            opened = true;
            return new CudaDevice(context, functions, staging, name, driverApiVersion, multiprocessors);
        } finally {
            cuCtxPopCurrent(new CUctx_st());
            if (!opened) {
                cuDevicePrimaryCtxRelease(ordinal);
            }
        }
    }

    private static Map<Kernel, CUfunc_st> loadModule(byte[] ptx) {
        CUmod_st module = new CUmod_st();
        try (BytePointer image = new BytePointer(ptx.length + 1L)) {
            image.put(ptx, 0, ptx.length).put(ptx.length, (byte) 0);
            check(cuModuleLoadData(module, image), "cuModuleLoadData(jprune.ptx)");
        }
        Map<Kernel, CUfunc_st> functions = new EnumMap<>(Kernel.class);
        for (Kernel kernel : Kernel.values()) {
            CUfunc_st function = new CUfunc_st();
            check(cuModuleGetFunction(function, module, kernel.symbol), "cuModuleGetFunction(" + kernel.symbol + ")");
            functions.put(kernel, function);
        }
        return functions;
    }

    private static Pointer allocateStaging() {
        try (PointerPointer<Pointer> out = new PointerPointer<>(1L)) {
            check(cuMemAllocHost(out, STAGING_BYTES), "cuMemAllocHost");
            return out.get(0);
        }
    }

    String name() {
        return name;
    }

    /** The CUDA version the driver supports, as cuDriverGetVersion reports it (13000 for 13.0). */
    int driverApiVersion() {
        return driverApiVersion;
    }

    /** A grid size for grid-stride kernels: enough blocks to fill every multiprocessor a few times over. */
    int gridFor(long work) {
        long blocks = (work + BLOCK - 1) / BLOCK;
        return (int) Math.max(1, Math.min(blocks, multiprocessors * 8L));
    }

    /** Runs work with this device's context current on the calling thread, one caller at a time. */
    <T> T call(Supplier<T> work) {
        lock.lock();
        try {
            check(cuCtxPushCurrent(context), "cuCtxPushCurrent");
            try {
                return work.get();
            } finally {
                cuCtxPopCurrent(new CUctx_st());
            }
        } finally {
            lock.unlock();
        }
    }

    long allocate(long bytes) {
        long[] pointer = new long[1];
        check(cuMemAlloc(pointer, Math.max(bytes, 4)), "cuMemAlloc(" + bytes + " bytes)");
        return pointer[0];
    }

    void free(long pointer) {
        if (pointer != 0) {
            cuMemFree(pointer);
        }
    }

    void fill32(long pointer, int value, long count) {
        check(cuMemsetD32(pointer, value, count), "cuMemsetD32");
    }

    void launch(Kernel kernel, int gridX, int gridY, KernelArguments arguments) {
        try (PointerPointer<Pointer> parameters = arguments.toParameterArray()) {
            check(cuLaunchKernel(functions.get(kernel), gridX, gridY, 1, BLOCK, 1, 1, 0, (CUstream_st) null,
                    parameters, (PointerPointer<?>) null), "cuLaunchKernel(" + kernel.symbol + ")");
        }
    }

    /** Copies host data to the device in staging-sized pieces; {@code fill(offset, count)} fills staging. */
    private void upload(long destination, int length, int elementBytes, StagingChunks.Piece fill) {
        StagingChunks.forEach(length, elementBytes, STAGING_BYTES, (offset, count) -> {
            fill.copy(offset, count);
            check(cuMemcpyHtoD(destination + offset * elementBytes, staging, (long) count * elementBytes),
                    "cuMemcpyHtoD");
        });
    }

    private void download(long source, int length, int elementBytes, StagingChunks.Piece drain) {
        StagingChunks.forEach(length, elementBytes, STAGING_BYTES, (offset, count) -> {
            check(cuMemcpyDtoH(staging, source + offset * elementBytes, (long) count * elementBytes),
                    "cuMemcpyDtoH");
            drain.copy(offset, count);
        });
    }

    void upload(float[] from, long to) {
        FloatPointer view = new FloatPointer(staging);
        upload(to, from.length, Float.BYTES, (offset, count) -> view.position(0).put(from, (int) offset, count));
    }

    void upload(int[] from, long to) {
        IntPointer view = new IntPointer(staging);
        upload(to, from.length, Integer.BYTES, (offset, count) -> view.position(0).put(from, (int) offset, count));
    }

    void upload(long[] from, long to) {
        LongPointer view = new LongPointer(staging);
        upload(to, from.length, Long.BYTES, (offset, count) -> view.position(0).put(from, (int) offset, count));
    }

    void upload(byte[] from, long to) {
        BytePointer view = new BytePointer(staging);
        upload(to, from.length, 1, (offset, count) -> view.position(0).put(from, (int) offset, count));
    }

    void download(long from, float[] to) {
        FloatPointer view = new FloatPointer(staging);
        download(from, to.length, Float.BYTES, (offset, count) -> view.position(0).get(to, (int) offset, count));
    }

    void download(long from, int[] to) {
        IntPointer view = new IntPointer(staging);
        download(from, to.length, Integer.BYTES, (offset, count) -> view.position(0).get(to, (int) offset, count));
    }

    void download(long from, double[] to) {
        DoublePointer view = new DoublePointer(staging);
        download(from, to.length, Double.BYTES, (offset, count) -> view.position(0).get(to, (int) offset, count));
    }

    void download(long from, long[] to) {
        LongPointer view = new LongPointer(staging);
        download(from, to.length, Long.BYTES, (offset, count) -> view.position(0).get(to, (int) offset, count));
    }

    static void check(int result, String operation) {
        if (result != CUDA_SUCCESS) {
            throw new CudaException(operation, result, errorName(result));
        }
    }

    static String errorName(int result) {
        try (PointerPointer<BytePointer> name = new PointerPointer<>(1L)) {
            if (cuGetErrorName(result, name) == CUDA_SUCCESS) {
                BytePointer text = name.get(BytePointer.class, 0);
                if (text != null && !text.isNull()) {
                    return text.getString(StandardCharsets.US_ASCII);
                }
            }
        }
        return "CUresult " + result;
    }

    private static String cString(byte[] bytes) {
        int end = 0;
        while (end < bytes.length && bytes[end] != 0) {
            end++;
        }
        return new String(bytes, 0, end, StandardCharsets.UTF_8).trim();
    }
}
