package io.jprune.runtime.prune;

import static io.jprune.runtime.prune.Fixtures.CPU;
import static io.jprune.runtime.prune.Fixtures.assertFloatsExactly;
import static io.jprune.runtime.prune.Fixtures.assertMask;
import static io.jprune.runtime.prune.Fixtures.floats;
import static io.jprune.runtime.prune.Fixtures.mask;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jprune.kernels.BitMask;
import io.jprune.kernels.Kernels;
import io.jprune.runtime.tensor.Shape;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The cases of PyTorch's {@code test/nn/test_pruning.py} that make sense for the engine (spec §6/§7.1),
 * numbered as there. Expected weights are written with -0.0 where IEEE gives it; PyTorch's own asserts
 * do not tell -0.0 from 0.0.
 */
class PyTorchTestFileTest {
    private static final Shape TWO_BY_FOUR = Shape.of(2, 4);

    private static float[] matrix() {
        return floats(1, 2, 3, 4, 5, 6, 7, 8);
    }

    @Test
    void test16ContainerComputeMaskWithL1ThenLnDim0ThenLnDim1() {
        BitMask defaultMask = mask(1, 1, 1, 0, 1, 1, 0, 1);
        assertMask(mask(0, 0, 1, 0, 1, 1, 0, 1), PruningContainer.computeMask(
                new L1Unstructured(Amount.count(2)), matrix(), TWO_BY_FOUR, defaultMask, CPU));
        assertMask(mask(0, 0, 0, 0, 1, 1, 0, 1), PruningContainer.computeMask(
                new LnStructured(Amount.count(1), NormOrder.parse("2"), 0), matrix(), TWO_BY_FOUR, defaultMask, CPU));
        assertMask(mask(0, 1, 1, 0, 0, 1, 0, 1), PruningContainer.computeMask(
                new LnStructured(Amount.count(1), NormOrder.parse("2"), 1), matrix(), TWO_BY_FOUR, defaultMask, CPU));
        assertMask(mask(1, 1, 1, 0, 1, 1, 0, 1), defaultMask);
    }

    @Test
    void test17L1UnstructuredTwice() {
        float[] orig = floats(1, 2, 3, 4, -4, -3, -2, -1);
        PrunedParameter first = PrunedParameter.prune(orig, TWO_BY_FOUR, new L1Unstructured(Amount.count(2)), null, CPU);
        assertMask(mask(0, 1, 1, 1, 1, 1, 1, 0), first.mask());
        assertFloatsExactly(floats(0, 2, 3, 4, -4, -3, -2, -0.0), first.weight());
        PrunedParameter second = first.prune(new L1Unstructured(Amount.count(2)), null, CPU);
        assertFloatsExactly(floats(0, 0, 3, 4, -4, -3, -0.0, -0.0), second.weight());
        assertEquals(List.of(new L1Unstructured(Amount.count(2)), new L1Unstructured(Amount.count(2))),
                second.methods());
    }

    @Test
    void test18L1UnstructuredWithImportanceScores() {
        float[] orig = floats(1, 2, 3, 4, -4, -3, -2, -1);
        float[] scores = floats(4, 2, 1, 3, -3, -1, -2, -4);
        PrunedParameter first = PrunedParameter.prune(orig, TWO_BY_FOUR, new L1Unstructured(Amount.count(2)), scores,
                CPU);
        assertFloatsExactly(floats(1, 2, 0, 4, -4, -0.0, -2, -1), first.weight());
        PrunedParameter second = first.prune(new L1Unstructured(Amount.count(2)), scores, CPU);
        assertFloatsExactly(floats(1, 0, 0, 4, -4, -0.0, -0.0, -1), second.weight());
    }

    @Test
    void test19SameMagnitudePrunesExactlyTheCount() {
        SplittableRandom random = new SplittableRandom(19);
        for (int trial = 0; trial < 20; trial++) {
            float[] t = new float[70];
            for (int i = 0; i < t.length; i++) {
                t[i] = 2 * (random.nextInt(3) - 1);
            }
            BitMask computed = new L1Unstructured(Amount.fraction(0.2)).computeMask(t, Shape.of(10, 7),
                    BitMask.ones(70), CPU);
            assertEquals(14, computed.zeros());
            int zerosInT = 0;
            for (float x : t) {
                zerosInT += x == 0 ? 1 : 0;
            }
            for (int i = 0, seenZeros = 0; i < t.length; i++) {
                if (t[i] == 0) {
                    assertEquals(seenZeros < 14, !computed.get(i), "lower index first among the tied zeros");
                    seenZeros++;
                } else if (zerosInT >= 14) {
                    assertTrue(computed.get(i));
                }
            }
        }
    }

    @Test
    void test20RandomStructuredPrunesWholeChannels() {
        for (long seed = 0; seed < 20; seed++) {
            Shape shape = Shape.of(5, 4, 2);
            BitMask computed = new RandomStructured(Amount.fraction(0.6), 2, seed).computeMask(new float[40], shape,
                    BitMask.ones(40), CPU);
            int[] zerosPerChannel = new int[2];
            for (int i = 0; i < 40; i++) {
                if (!computed.get(i)) {
                    zerosPerChannel[i % 2]++;
                }
            }
            Arrays.sort(zerosPerChannel);
            assertEquals("[0, 20]", Arrays.toString(zerosPerChannel), "seed " + seed);
        }
    }

    private static float[] conv2dWeight() {
        return floats(1, 2, 1, 2.5, 0.5, 1, 0.1, 0.1, -3, -5, 0.1, -1);
    }

    @Test
    void test21LnStructuredOnConv2dThenAlongTheLastDim() {
        Shape shape = Shape.of(1, 3, 2, 2);
        PrunedParameter first = PrunedParameter.prune(conv2dWeight(), shape,
                new LnStructured(Amount.count(1), NormOrder.parse("2"), 1), null, CPU);
        assertMask(mask(1, 1, 1, 1, 0, 0, 0, 0, 1, 1, 1, 1), first.mask());
        PrunedParameter second = first.prune(new LnStructured(Amount.count(1), NormOrder.parse("1"), -1), null, CPU);
        assertMask(mask(0, 1, 0, 1, 0, 0, 0, 0, 0, 1, 0, 1), second.mask());
        assertFloatsExactly(floats(0, 2, 0, 2.5, 0, 0, 0, 0, -0.0, -5, 0, -1), second.weight());
    }

    @Test
    void test22LnStructuredWithImportanceScores() {
        Shape shape = Shape.of(1, 3, 2, 2);
        float[] scores = floats(10, 1, 10, 1, 30, 3, 30, 3, -20, -2, -20, -2);
        PrunedParameter first = PrunedParameter.prune(conv2dWeight(), shape,
                new LnStructured(Amount.count(1), NormOrder.parse("2"), 1), scores, CPU);
        assertMask(mask(0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1), first.mask());
        PrunedParameter second = first.prune(new LnStructured(Amount.count(1), NormOrder.parse("1"), -1), scores, CPU);
        assertMask(mask(0, 0, 0, 0, 1, 0, 1, 0, 1, 0, 1, 0), second.mask());
    }

    @Test
    void test25GlobalPruning() {
        float[] m = floats(1, 2, 3, 4, -4, -3, -2, -1);
        float[] n = floats(0, 0.1, -2);
        List<BitMask> masks = GlobalUnstructured.computeMasks(List.of(m, n),
                List.of(BitMask.ones(8), BitMask.ones(3)), new L1Unstructured(Amount.count(4)), CPU);
        PrunedParameter mp = PrunedParameter.prune(m, TWO_BY_FOUR, new CustomFromMask(masks.get(0)), null, CPU);
        PrunedParameter np = PrunedParameter.prune(n, Shape.of(1, 3), new CustomFromMask(masks.get(1)), null, CPU);
        assertFloatsExactly(floats(0, 2, 3, 4, -4, -3, -2, -0.0), mp.weight());
        assertFloatsExactly(floats(0, 0, -2), np.weight());
    }

    @Test
    void test26GlobalPruningWithImportanceScores() {
        float[] m = floats(1, 2, 3, 4, -4, -3, -2, -1);
        float[] n = floats(0, 0.1, -2);
        List<BitMask> masks = GlobalUnstructured.computeMasks(
                List.of(floats(4, 2, 1, 3, -3, -1, -2, -4), floats(0, 10, -0.2)),
                List.of(BitMask.ones(8), BitMask.ones(3)), new L1Unstructured(Amount.count(4)), CPU);
        PrunedParameter mp = PrunedParameter.prune(m, TWO_BY_FOUR, new CustomFromMask(masks.get(0)), null, CPU);
        PrunedParameter np = PrunedParameter.prune(n, Shape.of(1, 3), new CustomFromMask(masks.get(1)), null, CPU);
        assertFloatsExactly(floats(1, 2, 0, 4, -4, -0.0, -2, -1), mp.weight());
        assertFloatsExactly(floats(0, 0.1, -0.0), np.weight());
    }

    @Test
    void test27CustomFromMask() {
        BitMask computed = new CustomFromMask(mask(0, 1, 1, 0, 0, 0, 1, 1)).computeMask(new float[8], TWO_BY_FOUR,
                mask(0, 0, 0, 0, 1, 1, 1, 1), CPU);
        assertMask(mask(0, 0, 0, 0, 0, 0, 1, 1), computed);
    }

    @Test
    void test28AThrowingMethodLeavesTheParameterAsItWas() {
        float[] orig = floats(1, 2, 3, 4, -4, -3, -2, -1);
        float[] pristine = orig.clone();
        PruningMethod throwing = new PruningMethod() {
            @Override
            public PruningType pruningType() {
                return PruningType.GLOBAL;
            }

            @Override
            public String name() {
                return "Throwing";
            }

            @Override
            public BitMask computeMask(float[] scores, Shape shape, BitMask defaultMask, Kernels kernels) {
                defaultMask.clear(1);
                throw new IllegalStateException("HA!");
            }

            @Override
            public String toString() {
                return "Throwing()";
            }
        };
        assertThrows(IllegalStateException.class, () -> PrunedParameter.prune(orig, TWO_BY_FOUR, throwing, null, CPU));
        assertFloatsExactly(pristine, orig);

        PrunedParameter pruned = PrunedParameter.prune(orig, TWO_BY_FOUR, new L1Unstructured(Amount.count(2)), null, CPU);
        BitMask maskBefore = pruned.mask();
        float[] weightBefore = pruned.weight().clone();
        IllegalStateException thrown = assertThrows(IllegalStateException.class,
                () -> pruned.prune(throwing, null, CPU));
        assertEquals("HA!", thrown.getMessage());
        assertMask(maskBefore, pruned.mask());
        assertFloatsExactly(weightBefore, pruned.weight());
        assertEquals(List.of(new L1Unstructured(Amount.count(2))), pruned.methods());
        assertFloatsExactly(pristine, pruned.orig());
    }

    @Test
    void test31PruneCallsComputeMaskDirectly() {
        BitMask computed = new L1Unstructured(Amount.count(2)).computeMask(matrix(), TWO_BY_FOUR,
                mask(1, 1, 1, 0, 1, 1, 0, 1), CPU);
        float[] result = new float[8];
        CPU.maskedMultiply(matrix(), computed, result);
        assertFloatsExactly(floats(0, 0, 3, 0, 5, 6, 0, 8), result);
    }

    @Test
    void test32PruneWithImportanceScores() {
        BitMask computed = new L1Unstructured(Amount.count(2)).computeMask(floats(1, 2, 3, 4, 1.5, 1.6, 1.7, 1.8),
                TWO_BY_FOUR, mask(1, 1, 1, 0, 1, 1, 0, 1), CPU);
        float[] result = new float[8];
        CPU.maskedMultiply(matrix(), computed, result);
        assertFloatsExactly(floats(0, 2, 3, 0, 0, 6, 0, 8), result);
    }

    @Test
    void test33ImportanceScoresEqualToTheTensorMimicTheDefault() {
        BitMask defaultMask = mask(1, 1, 1, 0, 1, 1, 0, 1);
        L1Unstructured method = new L1Unstructured(Amount.count(2));
        BitMask withDefault = method.computeMask(matrix(), TWO_BY_FOUR, defaultMask, CPU);
        BitMask withScores = method.computeMask(matrix().clone(), TWO_BY_FOUR, defaultMask, CPU);
        assertMask(mask(0, 0, 1, 0, 1, 1, 0, 1), withDefault);
        assertMask(withDefault, withScores);
    }

    @Test
    void test14MultiplePruningCallsStackInOrderAndKeepEarlierZeros() {
        Shape conv3d = Shape.of(2, 2, 2, 2, 2);
        float[] orig = new float[32];
        SplittableRandom random = new SplittableRandom(14);
        for (int i = 0; i < orig.length; i++) {
            orig[i] = (float) (random.nextDouble() * 2 - 1);
        }
        PrunedParameter first = PrunedParameter.prune(orig, conv3d, new L1Unstructured(Amount.fraction(0.1)), null,
                CPU);
        assertEquals(3, first.zeros());
        PrunedParameter second = first.prune(new LnStructured(Amount.fraction(0.3), NormOrder.parse("2"), 0), null,
                CPU);
        assertEquals(2, second.methods().size());
        assertSame(first.methods().get(0), second.methods().get(0));
        assertEquals("L1Unstructured", second.methods().get(0).name());
        assertEquals("LnStructured", second.methods().get(1).name());
        assertKeepsZeros(first.mask(), second.mask());
        BitMask afterLn = second.mask();
        boolean firstChannelGone = IntStream.range(0, 16).noneMatch(afterLn::get);
        boolean secondChannelGone = IntStream.range(16, 32).noneMatch(afterLn::get);
        assertTrue(firstChannelGone ^ secondChannelGone, "exactly one of the two out-channels is pruned whole");
        for (int i = firstChannelGone ? 16 : 0, end = i + 16; i < end; i++) {
            assertEquals(first.mask().get(i), afterLn.get(i), "the surviving channel is as before at " + i);
        }
        PrunedParameter third = second.prune(new LnStructured(Amount.fraction(0.1), NormOrder.parse("inf"), 1), null,
                CPU);
        assertEquals(3, third.methods().size());
        assertKeepsZeros(second.mask(), third.mask());
    }

    private static void assertKeepsZeros(BitMask before, BitMask after) {
        for (int i = 0; i < before.size(); i++) {
            if (!before.get(i)) {
                assertTrue(!after.get(i), "zero at " + i + " came back");
            }
        }
    }
}
