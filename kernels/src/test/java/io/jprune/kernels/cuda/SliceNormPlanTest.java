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
    void oneWarpPerChunkOfEveryChannel() {
        SliceNormPlan plan = SliceNormPlan.of(ChannelLayout.of(new int[] {3, 4097}, 0), 2);
        assertEquals(2, plan.parts());
        assertEquals(6, plan.units());
        assertEquals(1, plan.blocks());
        SliceNormPlan wide = SliceNormPlan.of(ChannelLayout.of(new int[] {100_000, 3}, 1), 2);
        assertEquals(25, wide.parts());
        assertEquals(75, wide.units());
        assertEquals(10, wide.blocks());
        SliceNormPlan huge = SliceNormPlan.of(ChannelLayout.of(new int[] {2, 1 << 29}, 0), 2);
        assertEquals(1 << 17, huge.parts());
        assertEquals(1 << 15, huge.blocks());
        assertEquals(1, SliceNormPlan.of(ChannelLayout.of(new int[] {0, 5}, 0), 2).blocks(), "a launch needs a block");
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
