package io.jprune.runtime.reliability;

import static io.jprune.runtime.reliability.Snapshots.assertSameArrays;
import static io.jprune.runtime.reliability.Snapshots.assertSameTensors;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jprune.kernels.cpu.CpuKernels;
import io.jprune.runtime.api.Pruner;
import io.jprune.runtime.prune.Amount;
import io.jprune.runtime.prune.L1Unstructured;
import io.jprune.runtime.tensor.Shape;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A failure inside jprune (a kernel that fails, a heap too full for the masked copy, an app field that refuses
 * the new weights, a kernel that cannot free its copy) never leaves a model half-changed: the call that caused
 * it fails with words naming what failed, every tensor and every field of the app is as before, and the next
 * call works.
 */
class FailuresInsideJpruneTest {

    @Test
    void aKernelFailingOnTheThirdParameterOfAGlobalPruneLeavesTheFirstTwoAsTheyWere() {
        ThreeLayers net = new ThreeLayers();
        Pruner pruner = new Pruner(net.model, new BreakingKernels(3, false));
        List<float[]> fields = net.fields();
        Map<String, float[]> before = net.everyTensor();

        IllegalStateException failure = assertThrows(IllegalStateException.class, () -> pruner.globalUnstructured(
                List.of("a.weight", "b.weight", "c.weight"), new L1Unstructured(Amount.count(6))));

        assertEquals("pruning c.weight failed on breaking kernels (test): java.lang.IllegalStateException: "
                + "CUDA_ERROR_LAUNCH_FAILED (played by the test); the model is unchanged and the app keeps its "
                + "current weights", failure.getMessage());
        assertSameArrays(fields, net.fields());
        assertSameTensors(before, net.everyTensor());
        assertFalse(net.model.isPruned());

        String summary = pruner.globalUnstructured(List.of("a.weight", "b.weight", "c.weight"),
                new L1Unstructured(Amount.count(6)));
        assertTrue(summary.contains("-> 6 of 18 pruned"), summary);
        // the six smallest magnitudes: 0.125 (c), 0.25, 0.5 (b), 1, 2, 3 (a)
        assertEquals(List.of(3, 2, 1), List.of(zeros(net.a.current()), zeros(net.b.current()),
                zeros(net.c.current())));
    }

    @Test
    void anOutOfMemoryErrorWhileMakingTheMaskedCopyIsReportedAndChangesNothing() {
        Field huge = new Field("weight", Shape.of(2, 3), 1, 2, 3, 4, 5, 6) {
            @Override
            public Object toAppValue(float[] values) {
                return new float[Integer.MAX_VALUE]; // a real OutOfMemoryError: more than any heap can give
            }
        };
        ThreeLayers net = new ThreeLayers(new Field("weight", Shape.of(2, 3), 9, 8, 7, 6, 5, 4), huge,
                new Field("weight", Shape.of(2, 3), 1, 1, 1, 1, 1, 1));
        Pruner pruner = new Pruner(net.model, new CpuKernels());
        List<float[]> fields = net.fields();
        Map<String, float[]> before = net.everyTensor();

        IllegalStateException failure = assertThrows(IllegalStateException.class, () -> pruner.globalUnstructured(
                List.of("a.weight", "b.weight"), new L1Unstructured(Amount.fraction(0.5))));

        assertTrue(failure.getMessage().startsWith("not enough memory for pruning b.weight (6 values, 24 bytes per "
                + "copy): java.lang.OutOfMemoryError: "), failure.getMessage());
        assertTrue(failure.getMessage().endsWith("; the model is unchanged and the app keeps its current weights"),
                failure.getMessage());
        assertSameArrays(fields, net.fields());
        assertSameTensors(before, net.everyTensor());
        pruner.l1Unstructured("a.weight", Amount.count(2), null);
        assertEquals(2, zeros(net.a.current()));
    }

    @Test
    void anAppFieldThatRefusesTheNewWeightsWithdrawsTheWholeChange() {
        Field refusing = new Field("weight", Shape.of(2, 3), 0.5f, 7, -0.25f, 8, 9, -10) {
            @Override
            public void write(Object appValue) {
                throw new IllegalStateException("the field is read-only (played by the test)");
            }
        };
        ThreeLayers net = new ThreeLayers(new Field("weight", Shape.of(2, 3), 1, -2, 3, -4, 5, -6), refusing,
                new Field("weight", Shape.of(2, 3), 11, -0.125f, 12, 13, -14, 15));
        Pruner pruner = new Pruner(net.model, new CpuKernels());
        List<float[]> fields = net.fields();
        Map<String, float[]> before = net.everyTensor();

        IllegalStateException failure = assertThrows(IllegalStateException.class, () -> pruner.globalUnstructured(
                List.of("a.weight", "b.weight", "c.weight"), new L1Unstructured(Amount.count(6))));

        assertEquals("installing the new weights into model Net failed (java.lang.IllegalStateException: the field "
                + "is read-only (played by the test)); the change is withdrawn and the app keeps computing with its "
                + "previous weights", failure.getMessage());
        assertSameArrays(fields, net.fields());
        assertSameTensors(before, net.everyTensor());
        assertFalse(net.model.isPruned());
        assertTrue(net.model.isUpToDate());
        pruner.l1Unstructured("c.weight", Amount.count(1), null);
        assertEquals(1, zeros(net.c.current()), "a change the field accepts still works");
    }

    @Test
    void aKernelThatCannotFreeItsCopyDoesNotTurnADoneRestoreIntoAnError() {
        ThreeLayers net = new ThreeLayers();
        float[] original = net.a.current();
        Pruner pruner = new Pruner(net.model, new BreakingKernels(0, true));
        pruner.l1Unstructured("a.weight", Amount.count(2), null);
        pruner.l1Unstructured("b.weight", Amount.count(2), null);

        assertEquals("a.weight: restored the original values", pruner.restore("a.weight"));
        assertEquals(original, net.a.current());
        assertEquals("b.weight: pruning made permanent -> 2 of 6 pruned (33.3%); b.weight_orig and b.weight_mask "
                + "are freed, so restore can no longer bring b.weight's original values back", pruner.remove("b.weight"));
        assertEquals("Net: not pruned, nothing to restore; cannot bring back b.weight (remove() made its pruning "
                + "permanent and freed its original values; 2 of 6 entries are zero)", pruner.restore());
        assertFalse(net.model.isPruned());
    }

    private static int zeros(float[] values) {
        int zeros = 0;
        for (float v : values) {
            zeros += v == 0f ? 1 : 0;
        }
        return zeros;
    }
}
