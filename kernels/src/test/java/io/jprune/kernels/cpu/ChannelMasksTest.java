package io.jprune.kernels.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jprune.kernels.BitMask;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Structured mask expansion and the "is any of this channel left" test, against coordinate brute force. */
class ChannelMasksTest {
    private static final CpuKernels KERNELS = new CpuKernels();

    @Test
    void expandsTheKeptRowsAndColumns() {
        int[] shape = {2, 3};
        assertEquals(BitMask.fromFloats(new float[] {0, 0, 0, 1, 1, 1}),
                KERNELS.expandChannels(shape, 0, new boolean[] {false, true}));
        assertEquals(BitMask.fromFloats(new float[] {1, 0, 1, 1, 0, 1}),
                KERNELS.expandChannels(shape, 1, new boolean[] {true, false, true}));
    }

    @Test
    void expansionMatchesCoordinatesOnManyShapes() {
        SplittableRandom random = new SplittableRandom(1);
        int[][] shapes = {{3, 70}, {70, 3}, {2, 65, 2}, {3, 2, 2, 2}, {4, 5, 6, 7}, {1, 1, 129}, {130, 1, 1, 1}};
        for (int[] shape : shapes) {
            for (int dim = 0; dim < shape.length; dim++) {
                boolean[] keep = new boolean[shape[dim]];
                for (int c = 0; c < keep.length; c++) {
                    keep[c] = random.nextBoolean();
                }
                BitMask mask = KERNELS.expandChannels(shape, dim, keep);
                int numel = mask.size();
                for (int flat = 0; flat < numel; flat++) {
                    assertEquals(keep[channelOf(flat, shape, dim)], mask.get(flat), "flat " + flat);
                }
            }
        }
    }

    @Test
    void aliveChannelsMatchCoordinates() {
        SplittableRandom random = new SplittableRandom(2);
        int[][] shapes = {{3, 70}, {70, 3}, {2, 65, 2}, {4, 5, 6, 7}, {1, 200}};
        for (int[] shape : shapes) {
            int numel = 1;
            for (int d : shape) {
                numel *= d;
            }
            for (double density : new double[] {0, 0.01, 0.3, 1}) {
                BitMask mask = SmallestMagnitudesTest.randomMask(numel, density, random);
                for (int dim = 0; dim < shape.length; dim++) {
                    boolean[] expected = new boolean[shape[dim]];
                    for (int flat = 0; flat < numel; flat++) {
                        if (mask.get(flat)) {
                            expected[channelOf(flat, shape, dim)] = true;
                        }
                    }
                    assertArrayEquals(expected, KERNELS.channelsAlive(mask, shape, dim));
                }
            }
        }
    }

    @Test
    void aChannelWithOneSurvivorIsAlive() {
        BitMask mask = BitMask.zeros(12);
        mask.set(9);
        assertArrayEquals(new boolean[] {false, true, false}, KERNELS.channelsAlive(mask, new int[] {2, 3, 2}, 1));
        assertArrayEquals(new boolean[] {false, true}, KERNELS.channelsAlive(mask, new int[] {2, 3, 2}, 0));
    }

    @Test
    void refusesMismatchedArguments() {
        assertThrows(IllegalArgumentException.class,
                () -> KERNELS.expandChannels(new int[] {2, 3}, 1, new boolean[2]));
        assertThrows(IllegalArgumentException.class,
                () -> KERNELS.channelsAlive(BitMask.ones(5), new int[] {2, 3}, 0));
    }

    static int channelOf(int flat, int[] shape, int dim) {
        int rest = flat;
        for (int d = shape.length - 1; d > dim; d--) {
            rest /= shape[d];
        }
        return rest % shape[dim];
    }
}
