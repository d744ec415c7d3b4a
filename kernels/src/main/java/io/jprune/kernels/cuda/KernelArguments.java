package io.jprune.kernels.cuda;

import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * The argument list of one kernel launch, in the kernel's parameter order: cuLaunchKernel wants an
 * array of pointers to each value, so every value lives in its own native cell until the launch returns.
 */
final class KernelArguments implements AutoCloseable {
    private final List<Pointer> cells = new ArrayList<>();

    /** A device address (a {@code T*} parameter); 0 passes a null pointer. */
    KernelArguments pointer(long deviceAddress) {
        cells.add(new LongPointer(1L).put(deviceAddress));
        return this;
    }

    /** An {@code int} or {@code unsigned int} parameter (same 32 bits). */
    KernelArguments int32(int value) {
        cells.add(new IntPointer(1L).put(value));
        return this;
    }

    /** A {@code long long} parameter. */
    KernelArguments int64(long value) {
        cells.add(new LongPointer(1L).put(value));
        return this;
    }

    KernelArguments float64(double value) {
        cells.add(new DoublePointer(1L).put(value));
        return this;
    }

    PointerPointer<Pointer> toParameterArray() {
        return new PointerPointer<>(cells.toArray(new Pointer[0]));
    }

    @Override
    public void close() {
        cells.forEach(Pointer::close);
        cells.clear();
    }
}
