package io.jprune.agent.instrumentation.plain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jprune.runtime.api.Pruner;
import io.jprune.runtime.model.Model;
import io.jprune.runtime.prune.Amount;
import io.jprune.runtime.prune.L1Unstructured;
import io.jprune.testmodels.hooked.Failing;
import io.jprune.testmodels.hooked.HookedLinear;
import io.jprune.testmodels.hooked.InPlaceScaler;
import io.jprune.testmodels.hooked.PairNet;
import io.jprune.testmodels.hooked.Preloaded;
import io.jprune.testmodels.hooked.StaticForward;
import io.jprune.testmodels.hooked.TwoStageNet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The real instrumentation in this JVM: the app's own forward code computes with what jprune installs. */
class PlainInstrumentationTest {
    private final ExecutorService appThread = Executors.newSingleThreadExecutor();

    @BeforeAll
    static void installTheAgent() {
        assertTrue(InProcessAgent.REGISTRY != null);
    }

    @AfterEach
    void stopAppThread() {
        appThread.shutdownNow();
    }

    @Test
    void theAppsForwardComputesWithTheMaskedWeightsAndThenTheOriginalOnes() {
        HookedLinear layer = new HookedLinear(3, 2, 1, 2, 3, 4, 5, 6);
        float[] x = {1, 1, 1};
        assertArrayEquals(new float[] {6, 15}, layer.forward(x));
        Model model = InProcessAgent.modelOf(layer);
        assertEquals(List.of("weight", "bias"), model.parameterNames());
        assertEquals("torch.Size([2, 3])", model.tree().parameters().get(0).shape().toString());
        Pruner pruner = new Pruner(model, InProcessAgent.KERNELS);

        pruner.l1Unstructured("weight", Amount.count(2), null);
        assertArrayEquals(new float[] {3, 15}, layer.forward(x), "1 and 2 are pruned");
        pruner.restore();
        assertArrayEquals(new float[] {6, 15}, layer.forward(x));
    }

    @Test
    void aForwardThatIsHalfDoneFinishesOnTheWeightsItStartedWith() throws Exception {
        HookedLinear first = new HookedLinear(2, 2, 1, 2, 3, 4);
        HookedLinear second = new HookedLinear(2, 1, 1, 5);
        TwoStageNet net = new TwoStageNet(first, second);
        float[] x = {1, 1};
        assertArrayEquals(new float[] {38}, net.forward(x));
        Model model = InProcessAgent.modelOf(net);
        assertEquals(List.of("first.weight", "first.bias", "second.weight", "second.bias"), model.parameterNames());

        net.pauseNextForward();
        Future<float[]> halfDone = appThread.submit(() -> net.forward(x));
        net.awaitPaused();
        String summary = new Pruner(model, InProcessAgent.KERNELS).globalUnstructured(
                List.of("first.weight", "second.weight"), new L1Unstructured(Amount.count(3)));
        assertTrue(summary.contains("-> 3 of 6 pruned"), summary);
        net.resume();

        assertArrayEquals(new float[] {38}, halfDone.get(), "the second layer must not see the prune mid-forward");
        // the 3 smallest of [1, 2, 3, 4] and [1, 5] go: first [0, 0, 3, 4] gives hidden [0, 7], second [0, 5]
        assertArrayEquals(new float[] {35}, net.forward(x), "the next forward sees both layers pruned");
    }

    @Test
    void underConcurrentPruneAndRestoreEveryForwardSeesBothLayersInOneState() throws Exception {
        PairNet net = new PairNet();
        net.forward();
        Model model = InProcessAgent.modelOf(net);
        Pruner pruner = new Pruner(model, InProcessAgent.KERNELS);
        ExecutorService app = Executors.newFixedThreadPool(3);
        AtomicBoolean running = new AtomicBoolean(true);
        List<Future<String>> threads = new ArrayList<>();
        for (int t = 0; t < 3; t++) {
            threads.add(app.submit(() -> {
                int forwards = 0;
                while (running.get() || forwards == 0) {
                    float[] seen = net.forward();
                    for (int i = 0; i < 4; i++) {
                        if (seen[i] != seen[i + 4]) {
                            return "a forward saw the layers in different states: " + Arrays.toString(seen);
                        }
                    }
                    forwards++;
                }
                return "ok";
            }));
        }
        try {
            for (int round = 0; round < 200; round++) {
                // the 4 smallest of both layers together are 1, 1, 2, 2: one in each layer, at the same places
                pruner.globalUnstructured(List.of("first.weight", "second.weight"),
                        new L1Unstructured(Amount.count(4)));
                pruner.restore();
            }
        } finally {
            running.set(false);
        }
        for (Future<String> thread : threads) {
            assertEquals("ok", thread.get());
        }
        app.shutdownNow();
        assertArrayEquals(new float[] {1, 2, 3, 4, 1, 2, 3, 4}, net.forward());
    }

    @Test
    void classesLoadedBeforeTheAgentAreHookedToo() {
        assertTrue(InProcessAgent.PRELOADED_BEFORE_INSTALL, "Preloaded was loaded before the agent");
        Preloaded preloaded = InProcessAgent.PRELOADED;
        assertEquals(2f, preloaded.forward(1f));
        Model model = InProcessAgent.modelOf(preloaded);
        new Pruner(model, InProcessAgent.KERNELS).l1Unstructured("weight", Amount.count(1), null);
        assertEquals(3f, preloaded.forward(1f), "-1 is pruned: 2 - 3 + 4");
        new Pruner(model, InProcessAgent.KERNELS).restore("weight");
        assertEquals(2f, preloaded.forward(1f));
    }

    @Test
    void theAppsOwnExceptionsPassThroughAndReleaseTheGate() {
        Failing failing = new Failing();
        IllegalStateException error = assertThrows(IllegalStateException.class, () -> failing.forward(new float[0]));
        assertEquals("the app's own bug", error.getMessage());
        Model model = InProcessAgent.modelOf(failing);
        new Pruner(model, InProcessAgent.KERNELS).l1Unstructured("weight", Amount.count(1), null);
        assertTrue(model.isUpToDate(), "no forward holds the gate after the exception");
        assertEquals(0f, failing.weight()[0]);
    }

    @Test
    void aForwardReturningNothingIsHookedToo() {
        InPlaceScaler scaler = new InPlaceScaler();
        float[] x = {1, 1};
        scaler.forward(x);
        assertArrayEquals(new float[] {2, 3}, x);
        Model model = InProcessAgent.modelOf(scaler);
        new Pruner(model, InProcessAgent.KERNELS).l1Unstructured("weight", Amount.count(1), null);
        float[] y = {1, 1};
        scaler.forward(y);
        assertArrayEquals(new float[] {0, 3}, y, "the smaller weight, 2, is pruned");
    }

    @Test
    void staticForwardsAreLeftAlone() {
        assertEquals(6f, StaticForward.forward(3f));
        assertTrue(InProcessAgent.REGISTRY.models().stream()
                .noneMatch(model -> model.tree().type().equals("StaticForward")));
    }
}
