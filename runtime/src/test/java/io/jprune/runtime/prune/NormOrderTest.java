package io.jprune.runtime.prune;

import static io.jprune.runtime.prune.Fixtures.CPU;
import static io.jprune.runtime.prune.Fixtures.assertMask;
import static io.jprune.runtime.prune.Fixtures.floats;
import static io.jprune.runtime.prune.Fixtures.mask;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jprune.kernels.BitMask;
import io.jprune.runtime.tensor.Shape;
import org.junit.jupiter.api.Test;

/** {@code n} as torch.norm reads it, including 'fro' and 'nuc' and their errors. */
class NormOrderTest {

    @Test
    void parsesAndPrintsLikePython() {
        assertEquals("2", NormOrder.parse("2").toString());
        assertEquals(2.0, NormOrder.parse("2").p());
        assertEquals("0.5", NormOrder.parse("0.5").toString());
        assertEquals("inf", NormOrder.parse("inf").toString());
        assertEquals(Double.POSITIVE_INFINITY, NormOrder.parse("Infinity").p());
        assertEquals("-inf", NormOrder.parse("-inf").toString());
        assertEquals(0.0, NormOrder.parse("0").p());
        assertEquals(-1.0, NormOrder.parse("-1").p());
        assertEquals("fro", NormOrder.parse("fro").toString());
        assertEquals(2.0, NormOrder.parse("fro").p());
        assertEquals("nuc", NormOrder.parse("nuc").toString());
        assertThrows(IllegalStateException.class, () -> NormOrder.parse("nuc").p());
        assertEquals("2.0", NormOrder.of(2).toString());
    }

    @Test
    void refusesWhatTorchNormRefusesNamingN() {
        for (String bad : new String[] {"abc", "nan", "", "l2", "FRO"}) {
            IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> NormOrder.parse(bad));
            assertEquals(true, error.getMessage().startsWith("Invalid norm order n: "), error.getMessage());
        }
    }

    @Test
    void froIsTheTwoNormUpToThreeDimsAndAMatrixNormErrorBeyond() {
        float[] t = floats(1, 2, 3, 4, 5, 6, 7, 8);
        Shape three = Shape.of(2, 2, 2);
        assertArrayEquals(NormOrder.parse("2").sliceNorms(t, three, 0, CPU),
                NormOrder.parse("fro").sliceNorms(t, three, 0, CPU));
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> NormOrder.parse("fro").sliceNorms(t, Shape.of(2, 2, 2, 1), 0, CPU));
        assertEquals("linalg.matrix_norm: dim must be a 2-tuple. Got 1 2 3", error.getMessage());
        IllegalArgumentException throughPrune = assertThrows(IllegalArgumentException.class,
                () -> PrunedParameter.prune(t, Shape.of(1, 2, 2, 2), new LnStructured(Amount.count(0),
                        NormOrder.parse("fro"), 1), null, CPU));
        assertEquals("linalg.matrix_norm: dim must be a 2-tuple. Got 0 2 3", throughPrune.getMessage());
    }

    @Test
    void nucIsTheSumOfSingularValuesOfEach2dSlice() {
        float[] t = floats(3, 0, 0, 4, 1, 2, 3, 4, 1, 1, 1, 1);
        double[] norms = NormOrder.parse("nuc").sliceNorms(t, Shape.of(3, 2, 2), 0, CPU);
        assertEquals(7, norms[0], 1e-12);
        assertEquals(Math.sqrt(34), norms[1], 1e-12);
        assertEquals(2, norms[2], 1e-12);
        float[] rect = floats(1, 2, 3, 4, 5, 6);
        // expected values from numpy.linalg.norm(matrix, 'nuc')
        assertEquals(10.280901636369208, NormOrder.parse("nuc").sliceNorms(rect, Shape.of(1, 2, 3), 0, CPU)[0], 1e-12);
        assertEquals(10.03981867222375, NormOrder.parse("nuc").sliceNorms(rect, Shape.of(3, 2, 1), 2, CPU)[0], 1e-12);
        float[] twelve = floats(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12);
        assertArrayEquals(new double[] {11.401754250991376, 14.7648230602334, 18.384776310850235},
                NormOrder.parse("nuc").sliceNorms(twelve, Shape.of(2, 3, 2), 1, CPU), 1e-12);
        assertEquals("linalg.matrix_norm: dim must be a 2-tuple. Got 1",
                assertThrows(IllegalArgumentException.class,
                        () -> NormOrder.parse("nuc").sliceNorms(rect, Shape.of(2, 3), 0, CPU)).getMessage());
        assertEquals("linalg.matrix_norm: dim must be a 2-tuple. Got 0 1 2",
                assertThrows(IllegalArgumentException.class,
                        () -> NormOrder.parse("nuc").sliceNorms(t, Shape.of(1, 1, 1, 12), 3, CPU)).getMessage());
    }

    @Test
    void onlyOrdersWhoseNormsCarryMachineNoiseTieWithinATolerance() {
        for (String exact : new String[] {"0", "1", "2", "inf", "-inf", "fro"}) {
            assertEquals(0, NormOrder.parse(exact).tieTolerance(), exact);
        }
        for (String noisy : new String[] {"3", "0.5", "-1", "nuc"}) {
            assertEquals(1e-9, NormOrder.parse(noisy).tieTolerance(), noisy);
        }
    }

    @Test
    void nucPrunesTheChannelWithTheSmallestNuclearNorm() {
        float[] t = floats(3, 0, 0, 4, 1, 2, 3, 4, 1, 1, 1, 1);
        BitMask computed = new LnStructured(Amount.count(1), NormOrder.parse("nuc"), 0).computeMask(t,
                Shape.of(3, 2, 2), BitMask.ones(12), CPU);
        assertMask(mask(1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0), computed);
    }

    @Test
    void zeroCountsNonZerosAndNegativeOrdersWork() {
        float[] t = floats(0, 0, 5, 1, 1, 0, 2, 2, 2);
        Shape shape = Shape.of(3, 3);
        assertArrayEquals(new double[] {1, 2, 3}, NormOrder.parse("0").sliceNorms(t, shape, 0, CPU));
        BitMask computed = new LnStructured(Amount.count(1), NormOrder.parse("0"), 0).computeMask(t, shape,
                BitMask.ones(9), CPU);
        assertMask(mask(0, 0, 0, 1, 1, 1, 1, 1, 1), computed);
        double[] harmonic = NormOrder.parse("-1").sliceNorms(t, shape, 0, CPU);
        assertEquals(0, harmonic[0]);
        assertEquals(2.0 / 3.0, harmonic[2], 1e-12);
    }

    @Test
    void infinityNormsOfEmptySlicesFailAsInTorch() {
        assertEquals("linalg.vector_norm cannot compute the inf norm on an empty tensor because the operation "
                        + "does not have an identity",
                assertThrows(IllegalArgumentException.class,
                        () -> NormOrder.parse("inf").sliceNorms(new float[0], Shape.of(3, 0), 0, CPU)).getMessage());
        assertArrayEquals(new double[] {0, 0, 0}, NormOrder.parse("2").sliceNorms(new float[0], Shape.of(3, 0), 0, CPU));
    }
}
