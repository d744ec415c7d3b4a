package io.jprune.kernels.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jprune.kernels.BitMask;
import io.jprune.kernels.Kernels;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SizeRoutedKernelsTest {

    /** Answers every call with a value that names it, and records the calls; can be told to fail like a sick GPU. */
    private static class Recording implements Kernels {
        final String name;
        final List<String> calls = new ArrayList<>();
        boolean failing;
        RuntimeException failure;

        Recording(String name) {
            this.name = name;
        }

        private void called(String what) {
            calls.add(what);
            if (failure != null) {
                throw failure;
            }
            if (failing) {
                throw new CudaException("cuLaunchKernel", 700, "CUDA_ERROR_ILLEGAL_ADDRESS");
            }
        }

        @Override
        public String description() {
            return name;
        }

        @Override
        public void maskedMultiply(float[] orig, BitMask mask, float[] out) {
            called("maskedMultiply");
            out[0] = name.length();
        }

        @Override
        public int[] smallestMagnitudes(float[] scores, BitMask candidates, int k) {
            called("smallestMagnitudes");
            return new int[] {name.length()};
        }

        @Override
        public double[] sliceNorms(float[] t, int[] shape, int dim, double p) {
            called("sliceNorms");
            return new double[] {name.length()};
        }

        @Override
        public BitMask expandChannels(int[] shape, int dim, boolean[] keep) {
            called("expandChannels");
            return BitMask.ones(name.length());
        }

        @Override
        public boolean[] channelsAlive(BitMask mask, int[] shape, int dim) {
            called("channelsAlive");
            return new boolean[name.length()];
        }

        @Override
        public long countZeros(float[] t) {
            called("countZeros");
            return name.length();
        }

        @Override
        public void release(float[] orig) {
            called("release");
        }
    }

    private final Recording cpu = new Recording("cpu");
    private final Recording gpu = new Recording("cuda: emulated");
    private final List<String> log = new ArrayList<>();
    private final SizeRoutedKernels routed = new SizeRoutedKernels(cpu, gpu, 100, log::add);

    @Test
    void sendsOnlyTensorsAtOrAboveTheThresholdToTheGpu() {
        assertEquals(3, routed.countZeros(new float[99]));
        assertEquals(14, routed.countZeros(new float[100]));
        assertArrayEquals(new int[] {3}, routed.smallestMagnitudes(new float[10], null, 1));
        assertArrayEquals(new double[] {14}, routed.sliceNorms(new float[200], new int[] {2, 100}, 0, 2));
        assertEquals(14, routed.expandChannels(new int[] {10, 10}, 0, new boolean[10]).size());
        assertEquals(3, routed.expandChannels(new int[] {9, 11}, 0, new boolean[9]).size());
        assertEquals(14, routed.channelsAlive(BitMask.ones(100), new int[] {10, 10}, 1).length);
        float[] out = new float[100];
        routed.maskedMultiply(new float[100], BitMask.ones(100), out);
        assertEquals(14, out[0]);
        BitMask pruned = routed.pruneSmallestMagnitudes(new float[100], null, 1, BitMask.ones(100));
        BitMask expected = BitMask.ones(100);
        expected.clear(14);   // the index "cuda: emulated" answers
        assertEquals(expected, pruned);
        assertEquals(List.of("countZeros", "smallestMagnitudes", "expandChannels"), cpu.calls);
        assertEquals(List.of("countZeros", "sliceNorms", "expandChannels", "channelsAlive", "maskedMultiply",
                "smallestMagnitudes"), gpu.calls);
        assertEquals(List.of(), log);
        assertEquals("cuda: emulated for tensors of 100 elements or more, cpu below", routed.description());
    }

    @Test
    void answersFromTheCpuAndStaysThereOnceTheGpuFails() {
        gpu.failing = true;
        assertEquals(3, routed.countZeros(new float[500]));
        assertArrayEquals(new int[] {3}, routed.smallestMagnitudes(new float[500], null, 1));
        routed.release(new float[500]);
        assertEquals(List.of("countZeros"), gpu.calls);
        assertEquals(List.of("countZeros", "smallestMagnitudes", "release"), cpu.calls);
        assertEquals(List.of("[jprune] the GPU failed (cuLaunchKernel failed: CUDA_ERROR_ILLEGAL_ADDRESS);"
                + " computing on the CPU from now on"), log);
        assertEquals("cpu (the GPU failed)", routed.description());
    }

    /** JavaCPP's own exceptions or a null from the bindings are a sick GPU too, not the host's problem. */
    @Test
    void fallsBackOnFailuresThatAreNotTheDriversAnswer() {
        gpu.failure = new NullPointerException("pointer was null");
        assertEquals(3, routed.countZeros(new float[500]));
        assertEquals(3, routed.countZeros(new float[500]));
        assertEquals(List.of("countZeros"), gpu.calls);
        assertEquals(List.of("[jprune] the GPU failed (the GPU call failed unexpectedly: NullPointerException: "
                + "pointer was null); computing on the CPU from now on"), log);
    }

    @Test
    void fallsBackOnALinkageErrorOfTheBindings() {
        Kernels unlinked = new Recording("cuda: unlinked") {
            @Override
            public double[] sliceNorms(float[] t, int[] shape, int dim, double p) {
                throw new UnsatisfiedLinkError("no jnicudart in java.library.path");
            }
        };
        SizeRoutedKernels withUnlinked = new SizeRoutedKernels(cpu, unlinked, 1, log::add);
        assertArrayEquals(new double[] {3}, withUnlinked.sliceNorms(new float[6], new int[] {2, 3}, 0, 2));
        assertEquals(List.of("[jprune] the GPU failed (the GPU call failed unexpectedly: UnsatisfiedLinkError: "
                + "no jnicudart in java.library.path); computing on the CPU from now on"), log);
    }

    @Test
    void letsArgumentErrorsThrough() {
        Kernels refusing = new Recording("cuda: strict") {
            @Override
            public long countZeros(float[] t) {
                throw new IllegalArgumentException("bad");
            }
        };
        SizeRoutedKernels strict = new SizeRoutedKernels(cpu, refusing, 1, log::add);
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> strict.countZeros(new float[5]));
        assertEquals(List.of(), cpu.calls);
        assertEquals(List.of(), log);
    }
}
