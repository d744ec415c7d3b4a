package io.jprune.runtime.prune;

import static io.jprune.runtime.prune.Fixtures.mask;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jprune.kernels.BitMask;
import io.jprune.runtime.tensor.Shape;
import org.junit.jupiter.api.Test;

/** What people and JMX see: shapes as PyTorch prints them, methods with their arguments and types. */
class ShapeAndDescriptionsTest {

    @Test
    void shapePrintsAndCountsLikeTorchSize() {
        Shape conv = Shape.of(6, 1, 3, 3);
        assertEquals("torch.Size([6, 1, 3, 3])", conv.toString());
        assertEquals("torch.Size([])", Shape.of().toString());
        assertEquals(1, Shape.of().numel());
        assertEquals(54, conv.numel());
        assertEquals(4, conv.dim());
        assertEquals(6, conv.size(0));
        assertEquals(3, conv.normalizeDim(-1));
        assertEquals(0, conv.normalizeDim(-4));
        assertEquals(-1, conv.normalizeDim(-5));
        assertEquals(7, conv.normalizeDim(7));
        assertEquals(Shape.of(6, 1, 3, 3), conv);
        assertEquals(Shape.of(6, 1, 3, 3).hashCode(), conv.hashCode());
        assertNotEquals(Shape.of(6, 3, 3), conv);
        int[] dims = conv.dims();
        dims[0] = 99;
        assertArrayEquals(new int[] {6, 1, 3, 3}, conv.dims());
        assertThrows(IllegalArgumentException.class, () -> Shape.of(2, -1));
        assertThrows(IllegalArgumentException.class, () -> Shape.of(1 << 16, 1 << 16));
    }

    @Test
    void methodsDescribeThemselvesWithPyTorchNamesAndTypes() {
        assertEquals("Identity()", new Identity().toString());
        assertEquals("Identity", new Identity().name());
        assertEquals(PruningType.UNSTRUCTURED, new Identity().pruningType());
        assertEquals("L1Unstructured(amount=0.3)", new L1Unstructured(Amount.parse("0.3")).toString());
        assertEquals(PruningType.UNSTRUCTURED, new L1Unstructured(Amount.count(1)).pruningType());
        assertEquals("RandomUnstructured(amount=16, seed=7)",
                new RandomUnstructured(Amount.parse("16"), 7).toString());
        assertEquals("RandomUnstructured", new RandomUnstructured(Amount.count(1), 0).name());
        LnStructured ln = new LnStructured(Amount.parse("0.5"), NormOrder.parse("inf"), -1);
        assertEquals("LnStructured(amount=0.5, n=inf, dim=-1)", ln.toString());
        assertEquals(-1, ln.dim());
        assertEquals(PruningType.STRUCTURED, ln.pruningType());
        RandomStructured random = new RandomStructured(Amount.count(2), 1, 3);
        assertEquals("RandomStructured(amount=2, dim=1, seed=3)", random.toString());
        assertEquals(1, random.dim());
        assertEquals(PruningType.STRUCTURED, random.pruningType());
        CustomFromMask custom = new CustomFromMask(mask(1, 0, 1));
        assertEquals("CustomFromMask(mask=3 elements, 1 pruned)", custom.toString());
        assertEquals(PruningType.GLOBAL, custom.pruningType());
        assertEquals("CustomFromMask", custom.name());
    }

    @Test
    void customFromMaskKeepsItsOwnCopyAndChecksTheSize() {
        BitMask given = mask(1, 0, 1);
        CustomFromMask custom = new CustomFromMask(given);
        given.clear(0);
        assertEquals(mask(1, 0, 1), custom.mask());
        assertThrows(IllegalArgumentException.class,
                () -> custom.computeMask(new float[4], Shape.of(4), BitMask.ones(4), Fixtures.CPU));
    }

    @Test
    void scoresMustMatchTheParameter() {
        float[] w = new float[6];
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> PrunedParameter.prune(w,
                Shape.of(2, 3), new L1Unstructured(Amount.count(1)), new float[5], Fixtures.CPU));
        assertEquals("importance_scores should have the same shape as parameter: got 5 scores for a parameter of "
                + "shape torch.Size([2, 3]) (6 values)", error.getMessage());
        assertThrows(IllegalArgumentException.class, () -> PrunedParameter.prune(new float[5], Shape.of(2, 3),
                new Identity(), null, Fixtures.CPU));
    }
}
