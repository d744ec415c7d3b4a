package io.jprune.runtime.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jprune.kernels.cpu.CpuKernels;
import io.jprune.runtime.api.Pruner;
import io.jprune.runtime.model.Model;
import io.jprune.runtime.model.ModelRegistry;
import io.jprune.runtime.model.TestModules.Layer;
import io.jprune.runtime.model.TestModules.Net;
import io.jprune.runtime.model.TestModules.Pipeline;
import io.jprune.runtime.model.TestModules;
import io.jprune.runtime.prune.Amount;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Root forwards hold their model's gate from enter to exit; nested forwards only count depth. */
class ForwardTrackerTest {
    private final ModelRegistry registry = new ModelRegistry(new TestModules.RecordingListener());
    private final ForwardTracker tracker = new ForwardTracker(registry, TestModules.DISCOVERY);

    @AfterEach
    void noForwardLeftRunning() {
        assertNull(ForwardTracker.activeModel(), "every enter was matched by an exit");
    }

    @Test
    void theOutermostForwardIsTheRootAndHoldsTheGateUntilItEnds() {
        Layer layer = new Layer(1, -2, 3);
        Net net = new Net(layer);
        tracker.enter(net);
        Model model = ForwardTracker.activeModel();
        assertEquals("Net", model.name());
        tracker.enter(layer);
        tracker.exit(layer);
        assertSame(model, ForwardTracker.activeModel(), "a nested forward does not end the root forward");

        new Pruner(model, new CpuKernels()).l1Unstructured("layers.0.weight", Amount.count(1), null);
        assertFalse(model.isUpToDate(), "nothing changes while the root forward runs");
        tracker.exit(net);
        assertTrue(model.isUpToDate());
        assertEquals(0f, ((float[]) model.tree().children().get(0).parameters().get(0).read())[0]);
    }

    @Test
    void aForwardWithoutParametersIsLookedThrough() {
        Pipeline pipeline = new Pipeline();
        Net net = new Net(new Layer(1));
        tracker.enter(pipeline);
        assertNull(ForwardTracker.activeModel());
        tracker.enter(net);
        assertEquals("Net", ForwardTracker.activeModel().name());
        tracker.exit(net);
        assertNull(ForwardTracker.activeModel());
        tracker.exit(pipeline);
    }

    @Test
    void aModuleOfAModelCalledOnItsOwnTakesNoGate() {
        Layer layer = new Layer(1, 2);
        Net net = new Net(layer);
        tracker.enter(net);
        tracker.exit(net);
        tracker.enter(layer);
        assertNull(ForwardTracker.activeModel(), "a layer of Net is not a root of its own");
        tracker.exit(layer);
    }

    @Test
    void exitsAfterAThrowingForwardReleaseTheGate() {
        Net net = new Net(new Layer(5, 6));
        Model model = registry.rootModel(net, TestModules.DISCOVERY);
        try {
            tracker.enter(net);
            throw new IllegalStateException("the app's forward fails");
        } catch (IllegalStateException expected) {
            tracker.exit(net);
        }
        new Pruner(model, new CpuKernels()).l1Unstructured("layers.0.weight", Amount.count(1), null);
        assertTrue(model.isUpToDate(), "the gate was released, so the change installs at once");
    }
}
