package io.jprune.runtime.prune;

import static io.jprune.runtime.prune.Fixtures.CPU;
import static io.jprune.runtime.prune.Fixtures.assertFloatsExactly;
import static io.jprune.runtime.prune.Fixtures.assertMask;
import static io.jprune.runtime.prune.Fixtures.floats;
import static io.jprune.runtime.prune.Fixtures.mask;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jprune.kernels.BitMask;
import io.jprune.runtime.tensor.Shape;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The hand-derived cases H1–H15 of the spec (§7.2), with exact masks and weights. */
class HandDerivedCasesTest {

    private static PrunedParameter prune(float[] orig, Shape shape, PruningMethod method) {
        return PrunedParameter.prune(orig, shape, method, null, CPU);
    }

    private static LnStructured ln(Amount amount, String n, int dim) {
        return new LnStructured(amount, NormOrder.parse(n), dim);
    }

    @Test
    void h1FloatAmountOn2x3() {
        PrunedParameter p = prune(floats(0.5, -1.5, 2.0, -0.1, 3.0, -0.7), Shape.of(2, 3),
                new L1Unstructured(Amount.fraction(0.5)));
        assertMask(mask(0, 1, 1, 0, 1, 0), p.mask());
        assertFloatsExactly(floats(0, -1.5, 2.0, -0.0, 3.0, -0.0), p.weight());
    }

    @Test
    void h2RoundsHalfToEven() {
        PrunedParameter p = prune(floats(0.3, -0.2, 0.9, -0.05, 0.6), Shape.of(5),
                new L1Unstructured(Amount.fraction(0.5)));
        assertMask(mask(1, 0, 1, 0, 1), p.mask());
    }

    @Test
    void h3IterativeFractionIsOfWhatRemainsAndATooLargeCountChangesNothing() {
        Shape shape = Shape.of(2, 4);
        PrunedParameter a = prune(floats(0.1, 0.8, -0.3, 0.6, -0.9, 0.2, 0.5, -0.4), shape,
                new L1Unstructured(Amount.fraction(0.5)));
        assertMask(mask(0, 1, 0, 1, 1, 0, 1, 0), a.mask());
        PrunedParameter b = a.prune(new L1Unstructured(Amount.fraction(0.5)), null, CPU);
        assertMask(mask(0, 1, 0, 0, 1, 0, 0, 0), b.mask());
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> b.prune(new L1Unstructured(Amount.count(3)), null, CPU));
        assertEquals("amount=3 should be smaller than the number of parameters to prune=2", error.getMessage());
        assertMask(mask(0, 1, 0, 0, 1, 0, 0, 0), b.mask());
        assertEquals(2, b.methods().size());
    }

    @Test
    void h4TheNormOrderChangesWhichRowGoes() {
        float[] w = floats(3, 0, 2, -2, 0.5, 2.8);
        Shape shape = Shape.of(3, 2);
        assertMask(mask(0, 0, 1, 1, 1, 1), prune(w, shape, ln(Amount.count(1), "1", 0)).mask());
        assertMask(mask(1, 1, 0, 0, 1, 1), prune(w, shape, ln(Amount.count(1), "2", 0)).mask());
        assertMask(mask(1, 1, 0, 0, 1, 1), prune(w, shape, ln(Amount.count(1), "inf", 0)).mask());
        assertMask(mask(0, 0, 1, 1, 1, 1), prune(w, shape, ln(Amount.count(1), "-inf", 0)).mask());
    }

    @Test
    void h5ColumnsWithFractionsAndNegativeDim() {
        float[] w = floats(1, -4, 0.5, 2, 1, -0.5);
        Shape shape = Shape.of(2, 3);
        for (int dim : new int[] {1, -1}) {
            assertMask(mask(0, 1, 0, 0, 1, 0), prune(w, shape, ln(Amount.fraction(0.5), "2", dim)).mask());
            assertMask(mask(1, 1, 0, 1, 1, 0), prune(w, shape, ln(Amount.fraction(0.4), "2", dim)).mask());
        }
    }

    private static float[] conv() {
        return floats(1, 2, 3, 4, 0.1, 0.1, 0.1, 0.1,
                -1, 0, 0, 1, 2, 2, -2, -2,
                0.5, 0.5, 0.5, 0.5, 0, 0, 0, 3);
    }

    /** The mask of shape (3, 2, 2, 2) that keeps everything except index {@code c} along {@code dim}. */
    private static BitMask allBut(int dim, int... pruned) {
        int[] shape = {3, 2, 2, 2};
        BitMask mask = BitMask.ones(24);
        for (int flat = 0; flat < 24; flat++) {
            int rest = flat;
            for (int d = 3; d > dim; d--) {
                rest /= shape[d];
            }
            int channel = rest % shape[dim];
            for (int c : pruned) {
                if (channel == c) {
                    mask.clear(flat);
                }
            }
        }
        return mask;
    }

    @Test
    void h6ConvWeightAlongEveryDim() {
        Shape shape = Shape.of(3, 2, 2, 2);
        assertMask(allBut(0, 2), prune(conv(), shape, ln(Amount.count(1), "1", 0)).mask());
        assertMask(allBut(0, 1, 2), prune(conv(), shape, ln(Amount.count(2), "2", 0)).mask());
        assertMask(allBut(1, 1), prune(conv(), shape, ln(Amount.count(1), "1", 1)).mask());
        assertMask(allBut(1, 1), prune(conv(), shape, ln(Amount.count(1), "2", 1)).mask());
        assertMask(allBut(3, 0), prune(conv(), shape, ln(Amount.count(1), "1", -1)).mask());
        assertMask(allBut(2, 0), prune(conv(), shape, ln(Amount.count(1), "1", 2)).mask());
    }

    @Test
    void h7StructuredRanksThePrunedWeightAndSkipsDeadChannels() {
        Shape shape = Shape.of(3, 2);
        PrunedParameter a = prune(floats(4, 0.5, 2.2, 2.2, 0.45, 4.1), shape, new L1Unstructured(Amount.count(2)));
        assertMask(mask(1, 0, 1, 1, 0, 1), a.mask());
        assertFloatsExactly(floats(4, 0, 2.2, 2.2, 0, 4.1), a.weight());
        PrunedParameter b = a.prune(ln(Amount.count(1), "1", 0), null, CPU);
        assertMask(mask(0, 0, 1, 1, 0, 1), b.mask());
        PrunedParameter c = b.prune(ln(Amount.fraction(0.5), "1", 0), null, CPU);
        assertMask(mask(0, 0, 1, 1, 0, 0), c.mask());
        assertEquals(3, c.methods().size());
    }

    private static List<PrunedParameter> global(List<PrunedParameter> params, PruningMethod method) {
        List<float[]> scores = new ArrayList<>();
        List<BitMask> masks = new ArrayList<>();
        for (PrunedParameter p : params) {
            scores.add(p.weight());
            masks.add(p.mask());
        }
        List<BitMask> result = GlobalUnstructured.computeMasks(scores, masks, method, CPU);
        List<PrunedParameter> next = new ArrayList<>();
        for (int i = 0; i < params.size(); i++) {
            next.add(params.get(i).prune(new CustomFromMask(result.get(i)), null, CPU));
        }
        return next;
    }

    private static List<PrunedParameter> firstGlobal(PruningMethod method, float[] a, Shape aShape, float[] b,
                                                     Shape bShape) {
        List<BitMask> result = GlobalUnstructured.computeMasks(List.of(a, b),
                List.of(BitMask.ones(a.length), BitMask.ones(b.length)), method, CPU);
        return List.of(PrunedParameter.prune(a, aShape, new CustomFromMask(result.get(0)), null, CPU),
                PrunedParameter.prune(b, bShape, new CustomFromMask(result.get(1)), null, CPU));
    }

    private static List<PrunedParameter> h8() {
        return firstGlobal(new L1Unstructured(Amount.fraction(0.5)), floats(0.9, -0.05, 0.3, -1.2), Shape.of(2, 2),
                floats(0.02, -0.6, 0.25), Shape.of(1, 3));
    }

    @Test
    void h8GlobalOverTwoParameters() {
        List<PrunedParameter> params = h8();
        assertMask(mask(1, 0, 0, 1), params.get(0).mask());
        assertMask(mask(0, 1, 0), params.get(1).mask());
    }

    @Test
    void h9ASecondGlobalPruneChoosesAmongWhatRemains() {
        List<PrunedParameter> byCount = global(h8(), new L1Unstructured(Amount.count(1)));
        assertMask(mask(1, 0, 0, 1), byCount.get(0).mask());
        assertMask(mask(0, 0, 0), byCount.get(1).mask());
        List<PrunedParameter> byFraction = global(h8(), new L1Unstructured(Amount.fraction(0.5)));
        assertMask(mask(0, 0, 0, 1), byFraction.get(0).mask());
        assertMask(mask(0, 0, 0), byFraction.get(1).mask());
        for (PrunedParameter p : byFraction) {
            assertEquals(List.of("CustomFromMask", "CustomFromMask"),
                    p.methods().stream().map(PruningMethod::name).collect(java.util.stream.Collectors.toList()));
        }
    }

    @Test
    void h10ImportanceScores() {
        PrunedParameter p = PrunedParameter.prune(floats(1, 2, 3, 4, 5, 6), Shape.of(2, 3),
                new L1Unstructured(Amount.count(2)), floats(6, -0.5, 4, 0.1, 3, -2), CPU);
        assertMask(mask(1, 0, 1, 0, 1, 1), p.mask());
        assertFloatsExactly(floats(1, 0, 3, 0, 5, 6), p.weight());
    }

    @Test
    void h11CustomMaskThenL1() {
        PrunedParameter custom = prune(floats(0.5, -2, 1, 3, -0.1, 0.7), Shape.of(2, 3),
                new CustomFromMask(mask(1, 1, 0, 1, 1, 1)));
        assertFloatsExactly(floats(0.5, -2, 0, 3, -0.1, 0.7), custom.weight());
        PrunedParameter l1 = custom.prune(new L1Unstructured(Amount.fraction(0.4)), null, CPU);
        assertMask(mask(0, 1, 0, 1, 0, 1), l1.mask());
    }

    @Test
    void h12DirectComputeMaskRanksEverythingTheContainerOnlyWhatIsLeft() {
        float[] t = floats(0.1, 5, 0.2, 3, 4, 0.3);
        BitMask defaultMask = mask(0, 1, 1, 1, 1, 1);
        L1Unstructured method = new L1Unstructured(Amount.count(2));
        assertMask(mask(0, 1, 0, 1, 1, 1), method.computeMask(t, Shape.of(2, 3), defaultMask, CPU));
        assertMask(mask(0, 1, 0, 1, 1, 0), PruningContainer.computeMask(method, t, Shape.of(2, 3), defaultMask, CPU));
    }

    @Test
    void h13AmountEdgeCases() {
        float[] w = floats(1, -2, 3, 4, 5, -6);
        Shape shape = Shape.of(2, 3);
        PrunedParameter none = prune(w, shape, new L1Unstructured(Amount.count(0)));
        assertMask(mask(1, 1, 1, 1, 1, 1), none.mask());
        assertEquals(1, none.methods().size());
        assertSame(w, none.orig());
        assertMask(mask(0, 0, 0, 0, 0, 0), prune(w, shape, new L1Unstructured(Amount.fraction(1.0))).mask());
        assertFloatsExactly(floats(0, -0.0, 0, 0, 0, -0.0),
                prune(w, shape, new L1Unstructured(Amount.fraction(1.0))).weight());
        assertMask(mask(0, 1, 1, 1, 1, 1), prune(w, shape, new L1Unstructured(Amount.count(1))).mask());
        assertMask(mask(0, 0, 0, 0, 0, 0), prune(w, shape, ln(Amount.fraction(1.0), "2", 0)).mask());
        assertMask(mask(1, 1, 1, 1, 1, 1), prune(w, shape, ln(Amount.fraction(0.0), "2", 0)).mask());
    }

    @Test
    void h14ExactErrorTexts() {
        float[] w = new float[6];
        Shape shape = Shape.of(2, 3);
        assertEquals("amount=7 should be smaller than the number of parameters to prune=6",
                assertThrows(IllegalArgumentException.class,
                        () -> prune(w, shape, new L1Unstructured(Amount.count(7)))).getMessage());
        assertEquals("amount=1.5 should either be a float in the range [0, 1] or a non-negative integer",
                assertThrows(IllegalArgumentException.class, () -> Amount.fraction(1.5)).getMessage());
        assertEquals("amount=-1 should either be a float in the range [0, 1] or a non-negative integer",
                assertThrows(IllegalArgumentException.class, () -> Amount.count(-1)).getMessage());
        assertEquals("Invalid type for amount: abc. Must be int or float.",
                assertThrows(IllegalArgumentException.class, () -> Amount.parse("abc")).getMessage());
        assertEquals("amount=4 should be smaller than the number of parameters to prune=2",
                assertThrows(IllegalArgumentException.class,
                        () -> prune(w, shape, ln(Amount.count(4), "2", 0))).getMessage());
        assertEquals("Structured pruning can only be applied to multidimensional tensors. "
                        + "Found tensor of shape torch.Size([2]) with 1 dims",
                assertThrows(IllegalArgumentException.class,
                        () -> prune(new float[2], Shape.of(2), ln(Amount.count(1), "2", 0))).getMessage());
        assertEquals("Invalid index 2 for tensor of size torch.Size([2, 3])",
                assertThrows(IndexOutOfBoundsException.class,
                        () -> prune(w, shape, ln(Amount.count(1), "2", 2))).getMessage());
        assertEquals("Index is out of bounds for tensor with dimensions 2",
                assertThrows(IndexOutOfBoundsException.class,
                        () -> prune(w, shape, ln(Amount.count(1), "2", -3))).getMessage());
        assertEquals("Index is out of bounds for tensor with dimensions 2",
                assertThrows(IndexOutOfBoundsException.class,
                        () -> prune(w, shape, new RandomStructured(Amount.count(1), -3, 1))).getMessage());
    }

    @Test
    void h15RandomMethodsPruneExactCountsAndFollowTheSeed() {
        float[] w = floats(1, -2, 3, 4, 5, -6);
        for (long seed = 0; seed < 30; seed++) {
            PrunedParameter first = prune(w, Shape.of(2, 3), new RandomUnstructured(Amount.fraction(0.5), seed));
            assertEquals(3, first.zeros());
            PrunedParameter second = first.prune(new RandomUnstructured(Amount.fraction(0.5), seed + 100), null, CPU);
            assertEquals(5, second.zeros());
            for (int i = 0; i < 6; i++) {
                assertEquals(true, second.mask().get(i) ? first.mask().get(i) : true, "old zeros stay zero");
            }
            assertMask(first.mask(),
                    prune(w, Shape.of(2, 3), new RandomUnstructured(Amount.fraction(0.5), seed)).mask());

            BitMask structured = new RandomStructured(Amount.fraction(0.6), 2, seed).computeMask(new float[40],
                    Shape.of(5, 4, 2), BitMask.ones(40), CPU);
            assertEquals(20, structured.zeros());
        }
    }

    @Test
    void lnTiesKeepTheLowerChannelAndANanNormIsKeptLongest() {
        float[] w = floats(1, 1, 2, 2, 1, 1, 2, 2);
        Shape shape = Shape.of(4, 2);
        assertMask(mask(1, 1, 1, 1, 0, 0, 1, 1), prune(w, shape, ln(Amount.count(1), "1", 0)).mask());
        assertMask(mask(0, 0, 1, 1, 0, 0, 0, 0), prune(w, shape, ln(Amount.count(3), "1", 0)).mask());
        float[] withNan = floats(5, 5, Float.NaN, 0, 9, 9);
        assertMask(mask(0, 0, 1, 1, 0, 0), prune(withNan, Shape.of(3, 2), ln(Amount.count(2), "2", 0)).mask());
        assertMask(mask(0, 0, 1, 1, 0, 0), prune(withNan, Shape.of(3, 2), ln(Amount.count(2), "-inf", 0)).mask());
    }

    @Test
    void l1TiesPruneTheLowerIndexAndNanIsPrunedLast() {
        float[] w = floats(0.5, -0.5, Float.NaN, 0.5, -0.0, 0.0);
        assertMask(mask(1, 1, 1, 1, 0, 0), prune(w, Shape.of(6), new L1Unstructured(Amount.count(2))).mask());
        assertMask(mask(0, 0, 1, 1, 0, 0), prune(w, Shape.of(6), new L1Unstructured(Amount.count(4))).mask());
        assertMask(mask(0, 0, 1, 0, 0, 0), prune(w, Shape.of(6), new L1Unstructured(Amount.count(5))).mask());
    }
}
