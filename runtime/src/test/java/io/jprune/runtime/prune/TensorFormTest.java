package io.jprune.runtime.prune;

import static io.jprune.runtime.prune.Fixtures.CPU;
import static io.jprune.runtime.prune.Fixtures.assertFloatsExactly;
import static io.jprune.runtime.prune.Fixtures.floats;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jprune.kernels.Kernels;
import io.jprune.runtime.spi.TensorForm;
import io.jprune.runtime.tensor.Shape;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A parameter the app holds as {@code float[][]} rows is pruned exactly as the same values held flat, and
 * jprune keeps it in the app's rows: the original is the app's own object and the masked weight is handed to
 * the app as rows, so no flat copy outlives a prune.
 */
class TensorFormTest {
    /** Rows of a {@code [2, 3]} tensor. */
    private static final TensorForm ROWS = new TensorForm() {
        @Override
        public float[] values(Object appValue) {
            float[][] rows = (float[][]) appValue;
            float[] flat = new float[6];
            System.arraycopy(rows[0], 0, flat, 0, 3);
            System.arraycopy(rows[1], 0, flat, 3, 3);
            return flat;
        }

        @Override
        public Object toAppValue(float[] values) {
            return new float[][] {{values[0], values[1], values[2]}, {values[3], values[4], values[5]}};
        }
    };
    private static final Shape SHAPE = Shape.of(2, 3);

    @Test
    void rowsArePrunedLikeTheSameValuesHeldFlatAndStayInTheAppsForm() {
        float[][] orig = {{1, -5, 3}, {-2, 0.5f, 4}};
        float[] flatOrig = floats(1, -5, 3, -2, 0.5, 4);

        PrunedParameter rows = PrunedParameter.prune(orig, ROWS, SHAPE, new L1Unstructured(Amount.count(2)), null, CPU);
        PrunedParameter flat = PrunedParameter.prune(flatOrig, SHAPE, new L1Unstructured(Amount.count(2)), null, CPU);

        assertEquals("011101", bits(rows));
        assertEquals(bits(flat), bits(rows));
        float[][] appWeight = (float[][]) rows.appWeight();
        assertFloatsExactly(floats(0, -5, 3), appWeight[0]);
        assertFloatsExactly(floats(-2, 0, 4), appWeight[1]);
        assertFloatsExactly(flat.weight(), rows.weight());
        assertFloatsExactly(flatOrig, rows.orig());
        assertSame(flatOrig, flat.orig(), "a flat original is the app's own array");
        assertSame(flat.weight(), flat.appWeight(), "a flat weight is handed to the app as it is");
        assertFloatsExactly(floats(1, -5, 3), orig[0]);
    }

    @Test
    void aLaterPruneRanksTheRowsWeightAndKeepsTheAppsOriginal() {
        float[][] orig = {{1, -5, 3}, {-2, 0.5f, 4}};
        PrunedParameter first = PrunedParameter.prune(orig, ROWS, SHAPE, new L1Unstructured(Amount.count(2)), null,
                CPU);

        PrunedParameter second = first.prune(new L1Unstructured(Amount.count(1)), null, CPU);

        assertEquals("011001", bits(second));
        float[][] appWeight = (float[][]) second.appWeight();
        assertFloatsExactly(floats(0, -5, 3), appWeight[0]);
        assertFloatsExactly(floats(-0.0, 0, 4), appWeight[1]);
        assertFloatsExactly(floats(1, -5, 3, -2, 0.5, 4), second.orig());
        assertEquals("011101", bits(first), "the earlier state is unchanged");
    }

    @Test
    void onlyAnOriginalHeldFlatIsReleasedToTheKernels() {
        List<float[]> released = new ArrayList<>();
        Kernels recording = (Kernels) Proxy.newProxyInstance(Kernels.class.getClassLoader(),
                new Class<?>[] {Kernels.class}, (proxy, method, args) -> {
                    if (method.getName().equals("release")) {
                        released.add((float[]) args[0]);
                        return null;
                    }
                    return method.invoke(CPU, args);
                });
        float[] flatOrig = floats(1, -5, 3, -2, 0.5, 4);
        PrunedParameter flat = PrunedParameter.prune(flatOrig, SHAPE, new L1Unstructured(Amount.count(2)), null, CPU);
        PrunedParameter rows = PrunedParameter.prune(new float[][] {{1, -5, 3}, {-2, 0.5f, 4}}, ROWS, SHAPE,
                new L1Unstructured(Amount.count(2)), null, CPU);

        rows.release(recording);
        assertTrue(released.isEmpty(), "rows have no device copy to release");
        flat.release(recording);
        assertEquals(1, released.size());
        assertSame(flatOrig, released.get(0));
    }

    private static String bits(PrunedParameter parameter) {
        return Fixtures.bits(parameter.mask());
    }
}
