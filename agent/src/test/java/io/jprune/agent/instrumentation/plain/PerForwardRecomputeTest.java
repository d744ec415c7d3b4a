package io.jprune.agent.instrumentation.plain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.jprune.agent.AgentOptions;
import io.jprune.agent.instrumentation.forward.ForwardHooks;
import io.jprune.runtime.api.Pruner;
import io.jprune.runtime.model.Model;
import io.jprune.runtime.model.ModelRegistry;
import io.jprune.runtime.prune.Amount;
import io.jprune.runtime.prune.NormOrder;
import io.jprune.runtime.spi.ForwardObserver;
import io.jprune.runtime.trace.ForwardTracker;
import io.jprune.testmodels.hooked.ResidualNet;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code recompute=per-forward}, the PyTorch-like benchmark mode: before every root forward the masked weights are
 * computed anew into new arrays, and the app computes exactly what it computes with jprune's cached generations.
 */
class PerForwardRecomputeTest {

    @BeforeAll
    static void installTheAgentBeforeTheAppsFirstForward() {
        assertNotNull(InProcessAgent.REGISTRY);
    }

    @Test
    void perForwardModeGivesTheCachedModesOutputsWithAFreshArrayEveryForward() {
        float[][] inputs = ResidualNet.inputs(3, 6);
        ResidualNet cached = new ResidualNet(21);
        cached.forward(inputs[0]);
        prune(InProcessAgent.modelOf(cached));
        List<float[]> cachedOutputs = outputs(cached, inputs);
        float[] installedOnce = cached.fa().weight();
        cached.forward(inputs[0]);
        assertSame(installedOnce, cached.fa().weight(), "cached mode installs the masked weight once");

        AgentOptions options = AgentOptions.parse("modules=io.jprune.testmodels.hooked.*,recompute=per-forward");
        assertEquals(AgentOptions.Recompute.PER_FORWARD, options.recompute());
        ModelRegistry registry = new ModelRegistry(new ModelRegistry.Listener() {
            @Override
            public void modelRegistered(Model model) {
            }

            @Override
            public void modelUnregistered(Model model) {
            }
        });
        ForwardHooks.Route route = InProcessAgent.HOOKED.route();
        ForwardObserver previous = route.observer();
        route.observer(new ForwardTracker(registry, new PlainModuleDiscovery(options.configuration(PlainOptions.class),
                null)).recomputingEveryForward(InProcessAgent.KERNELS));
        try {
            ResidualNet perForward = new ResidualNet(21);
            perForward.forward(inputs[0]);
            prune(registry.models().get(0));
            List<float[]> perForwardOutputs = outputs(perForward, inputs);
            for (int i = 0; i < inputs.length; i++) {
                assertArrayEquals(cachedOutputs.get(i), perForwardOutputs.get(i), "input " + i);
            }
            float[] before = perForward.fa().weight();
            perForward.forward(inputs[0]);
            assertNotSame(before, perForward.fa().weight(), "per-forward mode installs a new product every forward");
            assertArrayEquals(before, perForward.fa().weight());
        } finally {
            route.observer(previous);
        }
    }

    private static void prune(Model model) {
        Pruner pruner = new Pruner(model, InProcessAgent.KERNELS);
        pruner.lnStructured("fa.weight", Amount.fraction(0.5), NormOrder.parse("2"), 0, null);
        pruner.l1Unstructured("fc.weight", Amount.count(7), null);
    }

    private static List<float[]> outputs(ResidualNet net, float[][] inputs) {
        List<float[]> outputs = new ArrayList<>();
        for (float[] input : inputs) {
            outputs.add(net.forward(input.clone()));
        }
        return outputs;
    }
}
