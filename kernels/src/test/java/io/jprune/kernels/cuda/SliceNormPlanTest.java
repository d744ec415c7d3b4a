package io.jprune.kernels.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jprune.kernels.NormAccumulation;
import org.junit.jupiter.api.Test;

class SliceNormPlanTest {

    @Test
    void seesATensorAsOuterChannelsInner() {
        ChannelLayout layout = ChannelLayout.of(new int[] {6, 1, 3, 3}, 1);
        assertEquals(new ChannelLayout(1, 9, 6, 54), layout);
        assertEquals(54, layout.sliceSize());
        assertEquals(new ChannelLayout(3, 1, 18, 54), ChannelLayout.of(new int[] {6, 1, 3, 3}, 3));
        assertEquals(new ChannelLayout(6, 9, 1, 54), ChannelLayout.of(new int[] {6, 1, 3, 3}, 0));
    }

    @Test
    void refusesDimsOutsideTheShapeAndTensorsBeyondJavaArrays() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ChannelLayout.of(new int[] {2, 3}, 2));
        assertEquals("dim=2 is outside a shape of 2 dims", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ChannelLayout.of(new int[] {65536, 65536}, 0));
    }

    @Test
    void accumulatesWhatEachNormNeeds() {
        assertEquals(NormAccumulation.NONZERO, NormAccumulation.of(0));
        assertEquals(NormAccumulation.ABS_SUM, NormAccumulation.of(1));
        assertEquals(NormAccumulation.SQUARE_SUM, NormAccumulation.of(2));
        assertEquals(NormAccumulation.MAX_ABS, NormAccumulation.of(Double.POSITIVE_INFINITY));
        assertEquals(NormAccumulation.MIN_ABS, NormAccumulation.of(Double.NEGATIVE_INFINITY));
        assertEquals(NormAccumulation.POWER_SUM, NormAccumulation.of(3));
        assertEquals(NormAccumulation.POWER_SUM, NormAccumulation.of(-0.5));
        // the ordinals are slice_norms.cu's NORM_* modes
        assertEquals(0, NormAccumulation.NONZERO.ordinal());
        assertEquals(5, NormAccumulation.POWER_SUM.ordinal());
    }

    @Test
    void chunksCoverEverySliceWithinTheGridLimit() {
        for (int[] shape : new int[][] {{1, 1}, {2, 4096}, {3, 4097}, {2, 1 << 29}, {100_000, 3}}) {
            SliceNormPlan plan = SliceNormPlan.of(ChannelLayout.of(shape, 0), 2);
            long slice = plan.layout().sliceSize();
            assertTrue(plan.parts() >= 1 && plan.parts() <= 65535, "parts " + plan.parts());
            assertTrue(plan.chunk() * plan.parts() >= slice, "chunks cover the slice");
            assertTrue(plan.chunk() * (plan.parts() - 1) < Math.max(1, slice), "no empty chunk");
        }
    }

    @Test
    void finishesEachChannelFromItsPartialsInOrder() {
        ChannelLayout layout = ChannelLayout.of(new int[] {2, 3}, 0);
        assertArrayEquals(new double[] {5, Math.sqrt(2.25)},
                SliceNormPlan.of(layout, 2).finish(new double[] {25, 2.25}));
        assertArrayEquals(new double[] {Math.pow(8, 1 / 3.0), 0},
                SliceNormPlan.of(layout, 3).finish(new double[] {8, 0}));
        assertArrayEquals(new double[] {Double.NaN, 7},
                SliceNormPlan.of(layout, Double.POSITIVE_INFINITY).finish(new double[] {Double.NaN, 7}));
    }
}
