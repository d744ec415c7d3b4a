package io.jprune.runtime.prune;

import static io.jprune.runtime.prune.Fixtures.CPU;
import static io.jprune.runtime.prune.Fixtures.assertMask;
import static io.jprune.runtime.prune.Fixtures.floats;
import static io.jprune.runtime.prune.Fixtures.mask;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jprune.kernels.BitMask;
import java.util.List;
import org.junit.jupiter.api.Test;

/** global_unstructured's refusals, and its handling of parameters that do not end on a 64-bit word. */
class GlobalUnstructuredTest {

    @Test
    void refusesStructuredAndGlobalMethodsWithPyTorchsText() {
        List<float[]> scores = List.of(new float[4]);
        List<BitMask> masks = List.of(BitMask.ones(4));
        assertEquals("Only \"unstructured\" PRUNING_TYPE supported for the `pruning_method`. Found method "
                        + "<class 'io.jprune.runtime.prune.RandomStructured'> of type structured",
                assertThrows(IllegalArgumentException.class, () -> GlobalUnstructured.computeMasks(scores, masks,
                        new RandomStructured(Amount.count(1), 0, 1), CPU)).getMessage());
        assertEquals("Only \"unstructured\" PRUNING_TYPE supported for the `pruning_method`. Found method "
                        + "<class 'io.jprune.runtime.prune.CustomFromMask'> of type global",
                assertThrows(IllegalArgumentException.class, () -> GlobalUnstructured.computeMasks(scores, masks,
                        new CustomFromMask(BitMask.ones(4)), CPU)).getMessage());
    }

    @Test
    void refusesMismatchedOrMissingParameters() {
        L1Unstructured method = new L1Unstructured(Amount.count(1));
        assertThrows(IllegalArgumentException.class,
                () -> GlobalUnstructured.computeMasks(List.of(new float[3]), List.of(BitMask.ones(4)), method, CPU));
        assertThrows(IllegalArgumentException.class,
                () -> GlobalUnstructured.computeMasks(List.of(new float[3]), List.of(), method, CPU));
        assertEquals("torch.cat(): expected a non-empty list of Tensors", assertThrows(IllegalArgumentException.class,
                () -> GlobalUnstructured.computeMasks(List.of(), List.of(), method, CPU)).getMessage());
        assertEquals("amount=5 should be smaller than the number of parameters to prune=4",
                assertThrows(IllegalArgumentException.class, () -> GlobalUnstructured.computeMasks(
                        List.of(new float[3], new float[2]), List.of(BitMask.ones(3), mask(0, 1)),
                        new L1Unstructured(Amount.count(5)), CPU)).getMessage());
    }

    @Test
    void parametersAcrossWordBoundariesKeepTheirOwnBits() {
        float[] a = new float[70];
        float[] b = new float[3];
        float[] c = new float[100];
        for (int i = 0; i < 70; i++) {
            a[i] = 10 + i;
        }
        b[0] = 1;
        b[1] = 100;
        b[2] = 2;
        for (int i = 0; i < 100; i++) {
            c[i] = 200 + i;
        }
        BitMask cMask = BitMask.ones(100);
        cMask.clear(99);
        List<BitMask> result = GlobalUnstructured.computeMasks(List.of(a, b, c),
                List.of(BitMask.ones(70), BitMask.ones(3), cMask), new L1Unstructured(Amount.count(4)), CPU);
        BitMask expectedA = BitMask.ones(70);
        expectedA.clear(0);
        expectedA.clear(1);
        assertMask(expectedA, result.get(0));
        assertMask(mask(0, 1, 0), result.get(1));
        assertMask(cMask, result.get(2));
    }

    @Test
    void aParameterThatLosesNothingStillGetsItsOwnMask() {
        List<BitMask> result = GlobalUnstructured.computeMasks(List.of(floats(0.1, 0.2), floats(5, 6, 7)),
                List.of(BitMask.ones(2), BitMask.ones(3)), new L1Unstructured(Amount.count(2)), CPU);
        assertMask(mask(0, 0), result.get(0));
        assertMask(mask(1, 1, 1), result.get(1));
    }
}
