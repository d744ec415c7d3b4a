package io.jprune.kernels.cuda;

import static org.bytedeco.cuda.global.cudart.cuMemGetInfo;

import io.jprune.kernels.Backends;
import io.jprune.kernels.BitMask;
import io.jprune.kernels.Kernels;
import java.util.Arrays;
import org.bytedeco.javacpp.SizeTPointer;

/**
 * A child JVM's main on the emulated GPU with a small device memory: more parameters than fit are
 * masked (so the cached originals must be dropped and the call retried), every result is compared with
 * the CPU, and after every parameter is released the device must hold nothing.
 */
public final class EmulatedMemoryCheck {
    private EmulatedMemoryCheck() {
    }

    public static void main(String[] args) {
        CudaKernels gpu = (CudaKernels) Backends.select("gpu").kernels();
        Kernels cpu = Backends.cpu();
        int n = 1 << 18;
        float[][] originals = new float[4][];
        for (int p = 0; p < originals.length; p++) {
            originals[p] = CudaParityTest.spread(n, p);
            BitMask mask = CudaParityTest.randomMask(n, 0.5, p);
            float[] expected = new float[n];
            float[] actual = new float[n];
            cpu.maskedMultiply(originals[p], mask, expected);
            gpu.maskedMultiply(originals[p], mask, actual);
            CudaParityTest.assertProducts(expected, actual);
            System.out.println("parameter " + p + ": equal to the cpu, " + gpu.cachedOriginals() + " cached");
        }
        int[] expected = cpu.smallestMagnitudes(originals[0], null, n / 3);
        System.out.println("selection equal to the cpu: "
                + Arrays.equals(expected, gpu.smallestMagnitudes(originals[0], null, n / 3)));
        for (float[] original : originals) {
            gpu.release(original);
        }
        long[] info = gpu.device().call(() -> {
            try (SizeTPointer free = new SizeTPointer(1); SizeTPointer total = new SizeTPointer(1)) {
                CudaDevice.check(cuMemGetInfo(free, total), "cuMemGetInfo");
                return new long[] {free.get(), total.get()};
            }
        });
        System.out.println("device bytes in use after release: " + (info[1] - info[0]));
    }
}
