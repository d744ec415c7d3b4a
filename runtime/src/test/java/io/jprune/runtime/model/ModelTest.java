package io.jprune.runtime.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jprune.kernels.cpu.CpuKernels;
import io.jprune.runtime.api.Pruner;
import io.jprune.runtime.prune.Amount;
import io.jprune.runtime.prune.L1Unstructured;
import io.jprune.runtime.spi.ModuleNode;
import io.jprune.runtime.spi.ParameterHandle;
import io.jprune.runtime.tensor.Shape;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The generation gate: a forward sees one pruning state from start to end, a change becomes visible for every
 * layer at once from the next forward on, an idle app is updated at once, and a stuck forward cannot hold the
 * others up for long.
 */
class ModelTest {
    private static final Duration FOREVER = Duration.ofMinutes(10);
    private final ExecutorService otherThread = Executors.newSingleThreadExecutor();
    private final CpuKernels kernels = new CpuKernels();

    @AfterEach
    void stopOtherThread() {
        otherThread.shutdownNow();
    }

    /** H8's two layers, with the install patience a test chooses. */
    private static final class Net {
        final Models.TwoLayers layers = new Models.TwoLayers();
        final Model model;

        Net(Duration patience) {
            model = new Model("Net", layers.root, layers.tree, patience);
        }

        /** What a forward reads now: both layers' arrays. */
        List<float[]> fields() {
            return List.of(layers.a.field(), layers.b.field());
        }

        String pruneBoth() {
            return new Pruner(model, new CpuKernels()).globalUnstructured(List.of("a.weight", "b.weight"),
                    new L1Unstructured(Amount.count(3)));
        }
    }

    @Test
    void aChangeDuringAForwardIsInvisibleToIt() {
        Net net = new Net(FOREVER);
        List<float[]> before = net.fields();
        net.model.enterForward();
        try {
            net.pruneBoth();
            new Pruner(net.model, kernels).l1Unstructured("a.weight", Amount.count(1), null);
            assertSameArrays(before, net.fields());
            assertFalse(net.model.isUpToDate());
        } finally {
            net.model.exitForward();
        }
        assertTrue(net.model.isUpToDate(), "the last forward out installs the change");
        assertEquals(4, zeros(net.fields()), "3 pruned globally, then 1 more in a");
    }

    @Test
    void theNextForwardWaitsForTheRunningOneAndSeesEveryLayerChanged() throws Exception {
        Net net = new Net(FOREVER);
        List<float[]> before = net.fields();
        net.model.enterForward();
        Future<List<float[]>> next;
        try {
            net.pruneBoth();
            next = otherThread.submit(() -> {
                net.model.enterForward();
                try {
                    return net.fields();
                } finally {
                    net.model.exitForward();
                }
            });
            while (!net.model.hasWaitingThreads()) {
                Thread.onSpinWait();
            }
            assertSameArrays(before, net.fields());
        } finally {
            net.model.exitForward();
        }
        List<float[]> seen = next.get();
        assertEquals(3, zeros(seen));
        assertFalse(seen.get(0) == before.get(0) || seen.get(1) == before.get(1), "both layers changed at once");
    }

    @Test
    void anIdleModelIsUpdatedAtOnce() {
        Net net = new Net(FOREVER);
        String summary = net.pruneBoth();
        assertTrue(summary.contains("-> 3 of 7 pruned"), summary);
        assertTrue(net.model.isUpToDate());
        assertEquals(3, zeros(net.fields()));
        assertEquals(1, net.layers.a.writes(), "each field is written once");
        assertEquals(1, net.layers.b.writes(), "each field is written once");
    }

    @Test
    void aStuckForwardLetsOtherForwardsRunOnTheOldState() throws Exception {
        Net net = new Net(Duration.ofMillis(1));
        List<float[]> before = net.fields();
        net.model.enterForward();
        try {
            net.pruneBoth();
            List<float[]> seen = otherThread.submit(() -> {
                net.model.enterForward();
                try {
                    return net.fields();
                } finally {
                    net.model.exitForward();
                }
            }).get();
            assertSameArrays(before, seen);
        } finally {
            net.model.exitForward();
        }
        assertTrue(net.model.isUpToDate());
        assertEquals(3, zeros(net.fields()));
    }

    @Test
    void aFieldThatCannotBeWrittenFailsItsChangeWithoutStoppingTheOthers() {
        Object root = new Object();
        ArrayHandle good = new ArrayHandle("good", Shape.of(2), 1f, 2f);
        ParameterHandle broken = new ArrayHandle("broken", Shape.of(2), 3f, 4f) {
            @Override
            public synchronized void write(Object appValue) {
                throw new IllegalStateException("read-only field");
            }
        };
        Model model = new Model("M", root, new ModuleNode("", root, "M", "M", List.of(good, broken), List.of()));
        Pruner pruner = new Pruner(model, kernels);
        IllegalStateException failed = assertThrows(IllegalStateException.class,
                () -> pruner.l1Unstructured("broken", Amount.count(1), null));
        assertTrue(failed.getMessage().contains("read-only field"), failed.getMessage());
        assertFalse(model.isPruned(), "a change whose install failed is withdrawn");
        pruner.l1Unstructured("good", Amount.count(1), null);
        assertEquals(0f, good.field()[0]);
        assertTrue(model.isUpToDate());
        model.enterForward();
        model.exitForward();
    }

    private static int zeros(List<float[]> fields) {
        int zeros = 0;
        for (float[] field : fields) {
            for (float v : field) {
                zeros += v == 0f ? 1 : 0;
            }
        }
        return zeros;
    }

    private static void assertSameArrays(List<float[]> expected, List<float[]> actual) {
        for (int i = 0; i < expected.size(); i++) {
            assertSame(expected.get(i), actual.get(i), "layer " + i + " unchanged");
        }
    }
}
