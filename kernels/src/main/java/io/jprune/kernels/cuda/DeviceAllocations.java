package io.jprune.kernels.cuda;

import java.util.ArrayList;
import java.util.List;

/**
 * The temporary device buffers of one operation, all freed when it ends, so that no device memory
 * outlives a call except the cached copies of pruned parameters ({@link DeviceCopies}).
 */
final class DeviceAllocations implements AutoCloseable {
    private final CudaDevice device;
    private final List<Long> pointers = new ArrayList<>();

    DeviceAllocations(CudaDevice device) {
        this.device = device;
    }

    long bytes(long count) {
        long pointer = device.allocate(count);
        pointers.add(pointer);
        return pointer;
    }

    long floats(long count) {
        return bytes(count * Float.BYTES);
    }

    long ints(long count) {
        return bytes(count * Integer.BYTES);
    }

    long longs(long count) {
        return bytes(count * Long.BYTES);
    }

    long doubles(long count) {
        return bytes(count * Double.BYTES);
    }

    /** A device copy of the array, freed with the others. */
    long upload(float[] values) {
        long pointer = floats(values.length);
        device.upload(values, pointer);
        return pointer;
    }

    long upload(long[] values) {
        long pointer = longs(values.length);
        device.upload(values, pointer);
        return pointer;
    }

    long upload(byte[] values) {
        long pointer = bytes(values.length);
        device.upload(values, pointer);
        return pointer;
    }

    @Override
    public void close() {
        pointers.forEach(device::free);
        pointers.clear();
    }
}
