package io.jprune.runtime.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Expected strings come from two places. The "realTorch" cases are output printed by a real PyTorch session (a
 * LeNet conv1 after {@code prune.random_unstructured(..., amount=0.3)} on CUDA, as published in a pruning tutorial),
 * replayed with the same suffixes. The other cases were derived from {@code torch/_tensor_str.py}, ported line by
 * line to numpy (that port reproduces every realTorch case below character for character).
 */
class TensorReprTest {

    private static final float[] CONV1_WEIGHT_ORIG = {
        -0.1544f, -0.3045f, 0.1339f, 0.2605f, -0.1201f, 0.3060f, -0.2502f, -0.0023f, -0.0362f,
        0.3147f, -0.1034f, -0.1772f, -0.2250f, -0.1071f, 0.2489f, 0.2741f, -0.1926f, -0.2046f,
        -0.1022f, -0.2210f, -0.1349f, -0.2938f, 0.0679f, 0.2485f, 0.1108f, -0.0564f, -0.3328f,
        -0.0464f, 0.0138f, 0.0283f, -0.3205f, 0.0184f, 0.0521f, 0.2219f, -0.2403f, -0.2881f,
        0.3320f, -0.0684f, -0.1715f, -0.0381f, 0.1819f, 0.1796f, -0.3321f, -0.2684f, -0.0477f,
        -0.1638f, -0.0969f, 0.0077f, 0.0906f, 0.2051f, 0.2174f, -0.2174f, 0.1875f, -0.2978f,
    };
    private static final float[] CONV1_WEIGHT_MASK = {
        1, 0, 1, 1, 0, 1, 1, 0, 1,
        0, 0, 0, 0, 1, 1, 0, 0, 1,
        1, 1, 1, 0, 1, 1, 1, 1, 1,
        1, 1, 1, 1, 1, 1, 1, 1, 1,
        1, 1, 1, 1, 0, 1, 1, 1, 0,
        1, 0, 1, 0, 0, 1, 1, 1, 0,
    };
    private static final Shape CONV1 = Shape.of(6, 1, 3, 3);
    private static final String CUDA = "device='cuda:0'";

    @Test
    void realTorchConv1WeightOrig() {
        String expected = """
                tensor([[[[-0.1544, -0.3045,  0.1339],
                          [ 0.2605, -0.1201,  0.3060],
                          [-0.2502, -0.0023, -0.0362]]],


                        [[[ 0.3147, -0.1034, -0.1772],
                          [-0.2250, -0.1071,  0.2489],
                          [ 0.2741, -0.1926, -0.2046]]],


                        [[[-0.1022, -0.2210, -0.1349],
                          [-0.2938,  0.0679,  0.2485],
                          [ 0.1108, -0.0564, -0.3328]]],


                        [[[-0.0464,  0.0138,  0.0283],
                          [-0.3205,  0.0184,  0.0521],
                          [ 0.2219, -0.2403, -0.2881]]],


                        [[[ 0.3320, -0.0684, -0.1715],
                          [-0.0381,  0.1819,  0.1796],
                          [-0.3321, -0.2684, -0.0477]]],


                        [[[-0.1638, -0.0969,  0.0077],
                          [ 0.0906,  0.2051,  0.2174],
                          [-0.2174,  0.1875, -0.2978]]]], device='cuda:0', requires_grad=True)""";
        assertEquals(expected, TensorRepr.render(CONV1_WEIGHT_ORIG, CONV1, List.of(CUDA, "requires_grad=True")));
    }

    @Test
    void realTorchConv1WeightMaskPrintsIntegerValuedFloats() {
        String expected = """
                tensor([[[[1., 0., 1.],
                          [1., 0., 1.],
                          [1., 0., 1.]]],


                        [[[0., 0., 0.],
                          [0., 1., 1.],
                          [0., 0., 1.]]],


                        [[[1., 1., 1.],
                          [0., 1., 1.],
                          [1., 1., 1.]]],


                        [[[1., 1., 1.],
                          [1., 1., 1.],
                          [1., 1., 1.]]],


                        [[[1., 1., 1.],
                          [1., 0., 1.],
                          [1., 1., 0.]]],


                        [[[1., 0., 1.],
                          [0., 0., 1.],
                          [1., 1., 0.]]]], device='cuda:0')""";
        assertEquals(expected, TensorRepr.render(CONV1_WEIGHT_MASK, CONV1, List.of(CUDA)));
    }

    @Test
    void realTorchMaskedWeightKeepsTheSignOfNegativeZeroAndWrapsTheLastSuffix() {
        float[] weight = new float[CONV1_WEIGHT_ORIG.length];
        for (int i = 0; i < weight.length; i++) {
            weight[i] = CONV1_WEIGHT_MASK[i] * CONV1_WEIGHT_ORIG[i];
        }
        String expected = """
                tensor([[[[-0.1544, -0.0000,  0.1339],
                          [ 0.2605, -0.0000,  0.3060],
                          [-0.2502, -0.0000, -0.0362]]],


                        [[[ 0.0000, -0.0000, -0.0000],
                          [-0.0000, -0.1071,  0.2489],
                          [ 0.0000, -0.0000, -0.2046]]],


                        [[[-0.1022, -0.2210, -0.1349],
                          [-0.0000,  0.0679,  0.2485],
                          [ 0.1108, -0.0564, -0.3328]]],


                        [[[-0.0464,  0.0138,  0.0283],
                          [-0.3205,  0.0184,  0.0521],
                          [ 0.2219, -0.2403, -0.2881]]],


                        [[[ 0.3320, -0.0684, -0.1715],
                          [-0.0381,  0.0000,  0.1796],
                          [-0.3321, -0.2684, -0.0000]]],


                        [[[-0.1638, -0.0000,  0.0077],
                          [ 0.0000,  0.0000,  0.2174],
                          [-0.2174,  0.1875, -0.0000]]]], device='cuda:0',
                       grad_fn=<MulBackward0>)""";
        assertEquals(expected, TensorRepr.render(weight, CONV1, List.of(CUDA, "grad_fn=<MulBackward0>")));
    }

    @Test
    void realTorchBiasMovesRequiresGradToANewLineWhenTheLineIsFull() {
        float[] bias = {0.1861f, 0.2483f, -0.3235f, 0.0667f, 0.0790f, 0.1807f};
        assertEquals("tensor([ 0.1861,  0.2483, -0.3235,  0.0667,  0.0790,  0.1807], device='cuda:0',\n"
                        + "       requires_grad=True)",
                TensorRepr.render(bias, Shape.of(6), List.of(CUDA, "requires_grad=True")));
        float[] biasOrig = {-0.2951f, 0.1650f, -0.0865f, -0.0749f, 0.2521f, -0.2541f};
        assertEquals("Parameter containing:\n"
                        + "tensor([-0.2951,  0.1650, -0.0865, -0.0749,  0.2521, -0.2541],\n"
                        + "       requires_grad=True)",
                TensorRepr.parameter(biasOrig, Shape.of(6)));
    }

    @Test
    void realTorchIdentityMaskFromTheDocs() {
        assertEquals("tensor([1., 1., 1.])", TensorRepr.tensor(new float[] {1, 1, 1}, Shape.of(3)));
    }

    @Test
    void oneDimensionalMixedSigns() {
        assertEquals("tensor([ 0.5000, -1.2500,  3.0000, -0.0078])",
                TensorRepr.tensor(new float[] {0.5f, -1.25f, 3f, -0.0078125f}, Shape.of(4)));
    }

    @Test
    void roundsTheExactBinaryValueHalfToEvenAsPythonDoes() {
        // 0.03125 and 0.15625 are exact binary ties at the fifth decimal: Python gives 0.0312, not 0.0313
        assertEquals("tensor([ 0.0312,  0.1562, -0.0938])",
                TensorRepr.tensor(new float[] {0.03125f, 0.15625f, -0.09375f}, Shape.of(3)));
    }

    @Test
    void integerValuedTensorsPrintWithATrailingPoint() {
        assertEquals("tensor([1., 0., 1., 1., 0.])", TensorRepr.tensor(new float[] {1, 0, 1, 1, 0}, Shape.of(5)));
        assertEquals("tensor([-2.,  0., 10., -0.])", TensorRepr.tensor(new float[] {-2, 0, 10, -0f}, Shape.of(4)));
    }

    @Test
    void allZeroTensorKeepsNegativeZero() {
        assertEquals("tensor([0., -0., 0.])", TensorRepr.tensor(new float[] {0f, -0f, 0f}, Shape.of(3)));
    }

    @Test
    void scientificNotationForWideRanges() {
        assertEquals("tensor([ 1.0000e-05,  1.0000e+06, -3.0000e+00])",
                TensorRepr.tensor(new float[] {1e-5f, 1e6f, -3f}, Shape.of(3)));
        assertEquals("tensor([[ 1.0000e-05,  1.0000e+06],\n"
                        + "        [-3.0000e+00,  0.0000e+00]])",
                TensorRepr.tensor(new float[] {1e-5f, 1e6f, -3f, 0f}, Shape.of(2, 2)));
    }

    @Test
    void scientificNotationForTinyValuesEvenInANarrowRange() {
        // the smallest nonzero magnitude is below 1e-4; -0. is wider than the column and is not padded
        assertEquals("tensor([1.0000e-05, 2.5000e-05, -0.0000e+00])",
                TensorRepr.tensor(new float[] {1e-5f, 2.5e-5f, -0f}, Shape.of(3)));
    }

    @Test
    void scientificNotationForIntegersOfWideRangeOrAbove1e8() {
        assertEquals("tensor([1.0000e+00, 2.0000e+03])", TensorRepr.tensor(new float[] {1, 2000}, Shape.of(2)));
        assertEquals("tensor([1.2346e+08, 1.0000e+06])",
                TensorRepr.tensor(new float[] {123456789f, 1e6f}, Shape.of(2)));
    }

    @Test
    void nonFiniteValuesArePaddedToTheFiniteWidth() {
        assertEquals("tensor([   nan,    inf,   -inf, 1.5000])",
                TensorRepr.tensor(new float[] {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 1.5f},
                        Shape.of(4)));
        assertEquals("tensor([nan, inf])",
                TensorRepr.tensor(new float[] {Float.NaN, Float.POSITIVE_INFINITY}, Shape.of(2)));
    }

    @Test
    void scalarsAndEmptyTensors() {
        assertEquals("tensor(1.5000)", TensorRepr.tensor(new float[] {1.5f}, Shape.of()));
        assertEquals("Parameter containing:\ntensor(0.5000, requires_grad=True)",
                TensorRepr.parameter(new float[] {0.5f}, Shape.of()));
        assertEquals("tensor([])", TensorRepr.tensor(new float[0], Shape.of(0)));
        assertEquals("tensor([], size=(0, 3))", TensorRepr.tensor(new float[0], Shape.of(0, 3)));
    }

    @Test
    void wrapsLongRowsAt80ColumnsUnderTheirBracket() {
        float[] values = new float[20];
        for (int i = 0; i < values.length; i++) {
            values[i] = i / 7f - 1f;
        }
        assertEquals("""
                tensor([-1.0000, -0.8571, -0.7143, -0.5714, -0.4286, -0.2857, -0.1429,  0.0000,
                         0.1429,  0.2857,  0.4286,  0.5714,  0.7143,  0.8571,  1.0000,  1.1429,
                         1.2857,  1.4286,  1.5714,  1.7143])""", TensorRepr.tensor(values, Shape.of(20)));
        assertEquals("""
                tensor([[-1.0000, -0.8571, -0.7143, -0.5714, -0.4286, -0.2857, -0.1429,  0.0000,
                          0.1429,  0.2857],
                        [ 0.4286,  0.5714,  0.7143,  0.8571,  1.0000,  1.1429,  1.2857,  1.4286,
                          1.5714,  1.7143]])""", TensorRepr.tensor(values, Shape.of(2, 10)));
        float[] halves = new float[30];
        java.util.Arrays.fill(halves, 0.5f);
        assertEquals("""
                tensor([0.5000, 0.5000, 0.5000, 0.5000, 0.5000, 0.5000, 0.5000, 0.5000, 0.5000,
                        0.5000, 0.5000, 0.5000, 0.5000, 0.5000, 0.5000, 0.5000, 0.5000, 0.5000,
                        0.5000, 0.5000, 0.5000, 0.5000, 0.5000, 0.5000, 0.5000, 0.5000, 0.5000,
                        0.5000, 0.5000, 0.5000])""", TensorRepr.tensor(halves, Shape.of(30)));
    }

    @Test
    void summarizesAbove1000ElementsIn1d() {
        assertEquals("tensor([-0.5000, -0.1300,  0.2400,  ...,  0.1100,  0.4800, -0.1600])",
                TensorRepr.tensor(pattern(1001), Shape.of(1001)));
    }

    @Test
    void summarizesAFullyConnectedWeight() {
        assertEquals("""
                tensor([[-0.5000, -0.1300,  0.2400,  ..., -0.0600,  0.3100, -0.3300],
                        [ 0.0400,  0.4100, -0.2300,  ...,  0.4800, -0.1600,  0.2100],
                        [-0.4300, -0.0600,  0.3100,  ...,  0.0100,  0.3800, -0.2600],
                        ...,
                        [ 0.0600,  0.4300, -0.2100,  ...,  0.5000, -0.1400,  0.2300],
                        [-0.4100, -0.0400,  0.3300,  ...,  0.0300,  0.4000, -0.2400],
                        [ 0.1300,  0.5000, -0.1400,  ..., -0.4400, -0.0700,  0.3000]])""",
                TensorRepr.tensor(pattern(120 * 400), Shape.of(120, 400)));
    }

    @Test
    void summarizesEveryDimensionLongerThanSixIn3d() {
        assertEquals("""
                tensor([[[-0.5000, -0.1300,  0.2400,  ..., -0.2800,  0.0900,  0.4600],
                         [-0.1800,  0.1900, -0.4500,  ...,  0.0400,  0.4100, -0.2300],
                         [ 0.1400, -0.5000, -0.1300,  ...,  0.3600, -0.2800,  0.0900]],

                        [[ 0.4600, -0.1800,  0.1900,  ..., -0.3300,  0.0400,  0.4100],
                         [-0.2300,  0.1400, -0.5000,  ..., -0.0100,  0.3600, -0.2800],
                         [ 0.0900,  0.4600, -0.1800,  ...,  0.3100, -0.3300,  0.0400]],

                        [[ 0.4100, -0.2300,  0.1400,  ..., -0.3800, -0.0100,  0.3600],
                         [-0.2800,  0.0900,  0.4600,  ..., -0.0600,  0.3100, -0.3300],
                         [ 0.0400,  0.4100, -0.2300,  ...,  0.2600, -0.3800, -0.0100]],

                        ...,

                        [[ 0.2600, -0.3800, -0.0100,  ...,  0.4800, -0.1600,  0.2100],
                         [-0.4300, -0.0600,  0.3100,  ..., -0.2100,  0.1600, -0.4800],
                         [-0.1100,  0.2600, -0.3800,  ...,  0.1100,  0.4800, -0.1600]],

                        [[ 0.2100, -0.4300, -0.0600,  ...,  0.4300, -0.2100,  0.1600],
                         [-0.4800, -0.1100,  0.2600,  ..., -0.2600,  0.1100,  0.4800],
                         [-0.1600,  0.2100, -0.4300,  ...,  0.0600,  0.4300, -0.2100]],

                        [[ 0.1600, -0.4800, -0.1100,  ...,  0.3800, -0.2600,  0.1100],
                         [ 0.4800, -0.1600,  0.2100,  ..., -0.3100,  0.0600,  0.4300],
                         [-0.2100,  0.1600, -0.4800,  ...,  0.0100,  0.3800, -0.2600]]])""",
                TensorRepr.tensor(pattern(8 * 3 * 50), Shape.of(8, 3, 50)));
    }

    @Test
    void onlyTheShownValuesChooseTheFormatOfASummarizedTensor() {
        float[] values = new float[2000];
        for (int i = 0; i < values.length; i++) {
            values[i] = (i % 7 + 1) / 8f;
        }
        values[500] = Float.NaN;
        values[1000] = 1e9f;
        assertEquals("tensor([0.1250, 0.2500, 0.3750,  ..., 0.3750, 0.5000, 0.6250])",
                TensorRepr.tensor(values, Shape.of(2000)));
        values[1] = 1e9f;
        assertEquals("tensor([1.2500e-01, 1.0000e+09, 3.7500e-01,  ..., 3.7500e-01, 5.0000e-01,\n"
                        + "        6.2500e-01])",
                TensorRepr.tensor(values, Shape.of(2000)));
    }

    @Test
    void exactly1000ElementsAreNotSummarized() {
        String text = TensorRepr.tensor(pattern(1000), Shape.of(10, 100));
        assertFalse(text.contains("..."), text);
        assertEquals(1000, text.split("\\d\\.\\d{4}").length - 1);
    }

    @Test
    void namedParametersAsPrintedByPython() {
        float[] bias = {0.1085f, -0.1044f};
        float[] weightOrig = {0.0853f, -0.0203f, -0.0784f, 0.3327f, -0.0904f, -0.0374f, -0.0037f, -0.2629f};
        assertEquals("""
                [('bias', Parameter containing:
                tensor([ 0.1085, -0.1044], requires_grad=True)), ('weight_orig', Parameter containing:
                tensor([[[[ 0.0853, -0.0203],
                          [-0.0784,  0.3327]]],


                        [[[-0.0904, -0.0374],
                          [-0.0037, -0.2629]]]], requires_grad=True))]""",
                TensorRepr.namedParameters(List.of("bias", "weight_orig"), List.of(bias, weightOrig),
                        List.of(Shape.of(2), Shape.of(2, 1, 2, 2))));
    }

    @Test
    void namedBuffersArePlainTensors() {
        float[] mask = {1, 0, 1, 1, 0, 0, 1, 1};
        assertEquals("""
                [('weight_mask', tensor([[[[1., 0.],
                          [1., 1.]]],


                        [[[0., 0.],
                          [1., 1.]]]]))]""",
                TensorRepr.namedBuffers(List.of("weight_mask"), List.of(mask), List.of(Shape.of(2, 1, 2, 2))));
        assertEquals("[]", TensorRepr.namedBuffers(List.of(), List.of(), List.of()));
    }

    @Test
    void namesAreQuotedAsPythonReprDoes() {
        assertEquals("'conv1.weight'", TensorRepr.pythonStringRepr("conv1.weight"));
        assertEquals("\"it's\"", TensorRepr.pythonStringRepr("it's"));
        assertEquals("'a\\\\b\\n'", TensorRepr.pythonStringRepr("a\\b\n"));
    }

    @Test
    void refusesValuesThatDoNotFitTheShape() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TensorRepr.tensor(new float[5], Shape.of(2, 3)));
        assertEquals("values has 5 elements but shape torch.Size([2, 3]) needs 6", e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> TensorRepr.namedParameters(List.of("a"), List.of(), List.of()));
    }

    /** ((i * 37) % 101 - 50) / 100 as float32: varied signs and magnitudes, easy to recompute anywhere. */
    private static float[] pattern(int n) {
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = ((i * 37) % 101 - 50) / 100f;
        }
        return values;
    }
}
