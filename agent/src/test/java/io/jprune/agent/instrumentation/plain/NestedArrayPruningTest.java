package io.jprune.agent.instrumentation.plain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.jprune.runtime.api.NamedTensors;
import io.jprune.runtime.api.Pruner;
import io.jprune.runtime.model.Model;
import io.jprune.runtime.prune.Amount;
import io.jprune.testmodels.hooked.BiasedLinear;
import io.jprune.testmodels.hooked.SizelessLinear;
import io.jprune.testmodels.hooked.SizelessNet;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A weight the app keeps as {@code float[][]} rows, pruned through the real agent in this JVM: the app's field
 * gets {@code orig * mask} as rows, {@code weight_orig} lists the app's values, iterative pruning ranks the
 * masked rows, and restore gives back the very rows object the app had. jprune keeps both tensors in the app's
 * rows rather than as flat copies, so these are also the values it would otherwise have kept flat.
 */
class NestedArrayPruningTest {
    private static final float[][] VALUES = {{0.5f, -3, 2, -0.25f}, {4, -1, 0.75f, 6}};

    @BeforeAll
    static void installTheAgentBeforeTheAppsFirstForward() {
        assertNotNull(InProcessAgent.REGISTRY);
    }

    @Test
    void theAppsRowsHoldOrigTimesMaskAndRestoreGivesTheSameRowsBack() {
        float[][] weight = copy(VALUES);
        SizelessNet net = netWith(weight);
        Model model = InProcessAgent.modelOf(net);
        Pruner pruner = new Pruner(model, InProcessAgent.KERNELS);
        NamedTensors tensors = new NamedTensors(model, InProcessAgent.KERNELS);

        pruner.l1Unstructured("first.weight", Amount.count(3), null);

        assertRows(new float[][] {{0, -3, 2, -0.0f}, {4, -1, 0, 6}}, net.first().weight());
        assertArrayEquals(new float[] {0, 1, 1, 0, 1, 1, 0, 1}, tensors.tensor("first.weight_mask").values());
        assertArrayEquals(new float[] {0.5f, -3, 2, -0.25f, 4, -1, 0.75f, 6},
                tensors.tensor("first.weight_orig").values());

        pruner.l1Unstructured("first.weight", Amount.count(1), null);

        assertRows(new float[][] {{0, -3, 2, -0.0f}, {4, -0.0f, 0, 6}}, net.first().weight());
        assertArrayEquals(new float[] {0, 1, 1, 0, 1, 0, 0, 1}, tensors.tensor("first.weight_mask").values());

        pruner.restore("first.weight");

        assertSame(weight, net.first().weight(), "restore puts back the app's own rows");
        assertRows(VALUES, weight);
    }

    @Test
    void removeLeavesTheMaskedRowsWithTheApp() {
        float[][] weight = copy(VALUES);
        SizelessNet net = netWith(weight);
        Model model = InProcessAgent.modelOf(net);
        Pruner pruner = new Pruner(model, InProcessAgent.KERNELS);
        pruner.l1Unstructured("first.weight", Amount.count(3), null);
        float[][] masked = net.first().weight();

        pruner.remove("first.weight");

        assertSame(masked, net.first().weight());
        assertNotSame(weight, masked);
        assertRows(new float[][] {{0, -3, 2, -0.0f}, {4, -1, 0, 6}}, masked);
        assertArrayEquals(new float[] {0, -3, 2, -0.0f, 4, -1, 0, 6},
                new NamedTensors(model, InProcessAgent.KERNELS).tensor("first.weight").values());
        assertRows(VALUES, weight);
    }

    private static SizelessNet netWith(float[][] weight) {
        SizelessNet net = new SizelessNet(new SizelessLinear(weight, new float[] {1, 1}),
                new BiasedLinear(2, 1, new float[] {1, 1}, new float[] {0}));
        net.forward(new float[4]);
        return net;
    }

    private static float[][] copy(float[][] rows) {
        return Arrays.stream(rows).map(float[]::clone).toArray(float[][]::new);
    }

    /** Row by row, bit patterns, so that -0.0 is not 0.0. */
    private static void assertRows(float[][] expected, float[][] actual) {
        assertEquals(expected.length, actual.length);
        for (int r = 0; r < expected.length; r++) {
            for (int c = 0; c < expected[r].length; c++) {
                assertEquals(Float.floatToRawIntBits(expected[r][c]), Float.floatToRawIntBits(actual[r][c]),
                        "row " + r + ", column " + c + ": expected " + expected[r][c] + " but was " + actual[r][c]);
            }
        }
    }
}
