package io.jprune.runtime.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jprune.kernels.cpu.CpuKernels;
import io.jprune.runtime.api.Pruner;
import io.jprune.runtime.model.TestModules.Layer;
import io.jprune.runtime.model.TestModules.Net;
import io.jprune.runtime.model.TestModules.Pipeline;
import io.jprune.runtime.model.TestModules.RecordingListener;
import io.jprune.runtime.prune.Amount;
import io.jprune.runtime.spi.ModelDiscovery;
import java.lang.ref.WeakReference;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which app objects are models, what they are called, and that jprune lets go of what the app lets go of. */
class ModelRegistryTest {
    private final RecordingListener listener = new RecordingListener();
    private final ModelRegistry registry = new ModelRegistry(listener);

    @Test
    void rootsGetTheirClassNameThenANumber() {
        Net first = new Net(new Layer(1, 2));
        Net second = new Net(new Layer(3, 4));
        Model a = registry.rootModel(first, TestModules.DISCOVERY);
        Model b = registry.rootModel(second, TestModules.DISCOVERY);
        assertEquals("Net", a.name());
        assertEquals("Net#2", b.name());
        assertSame(a, registry.rootModel(first, TestModules.DISCOVERY), "found once, then remembered");
        assertEquals(List.of("+Net", "+Net#2"), listener.events());
        assertEquals(List.of(a, b), registry.models());
        assertSame(b, registry.model("Net#2"));
        assertEquals(List.of("layers.0.weight"), a.parameterNames());
    }

    @Test
    void modulesInsideARootAreNotRoots() {
        Layer layer = new Layer(1, 2);
        Net net = new Net(layer);
        assertNotNull(registry.rootModel(net, TestModules.DISCOVERY));
        assertNull(registry.rootModel(layer, TestModules.DISCOVERY));
        assertEquals(List.of("+Net"), listener.events());
    }

    @Test
    void objectsWithoutParametersAreNoModels() {
        assertNull(registry.rootModel(new Pipeline(), TestModules.DISCOVERY));
        assertNull(registry.rootModel("not a module either", TestModules.DISCOVERY));
        assertEquals(List.of(), listener.events());
    }

    @Test
    void aLayerRunAloneFirstIsAbsorbedByTheNetworkFoundLater() {
        Layer warmedUp = new Layer(1, 2);
        Model alone = registry.rootModel(warmedUp, TestModules.DISCOVERY);
        assertEquals("Layer", alone.name());
        Model net = registry.rootModel(new Net(warmedUp), TestModules.DISCOVERY);
        assertEquals(List.of("+Layer", "-Layer", "+Net"), listener.events());
        assertEquals(List.of(net), registry.models());
        assertNull(registry.rootModel(warmedUp, TestModules.DISCOVERY));
    }

    @Test
    void aPrunedModelIsNeverAbsorbed() {
        Layer pruned = new Layer(1, 2);
        Model alone = registry.rootModel(pruned, TestModules.DISCOVERY);
        new Pruner(alone, new CpuKernels()).l1Unstructured("weight", Amount.count(1), null);
        registry.rootModel(new Net(pruned), TestModules.DISCOVERY);
        assertEquals(List.of("+Layer", "+Net"), listener.events());
        assertSame(alone, registry.rootModel(pruned, TestModules.DISCOVERY));
    }

    @Test
    void aDiscoveryThatFailsIsNoModelAndNoProblem() {
        ModelDiscovery broken = root -> {
            throw new IllegalStateException("cannot read this app");
        };
        assertNull(registry.rootModel(new Net(new Layer(1)), broken));
        assertEquals(List.of(), listener.events());
    }

    @Test
    void aModelTheAppDropsIsUnregisteredAndNotKeptAlive() throws InterruptedException {
        Net net = new Net(new Layer(1, 2));
        Model model = registry.rootModel(net, TestModules.DISCOVERY);
        new Pruner(model, new CpuKernels()).l1Unstructured("layers.0.weight", Amount.count(1), null);
        WeakReference<Net> probe = new WeakReference<>(net);
        net = null;
        for (int i = 0; i < 100 && (probe.get() != null || !registry.models().isEmpty()); i++) {
            System.gc();
            Thread.sleep(10);
        }
        assertNull(probe.get(), "jprune must not keep a dropped model alive");
        assertEquals(List.of(), registry.models());
        assertEquals(List.of("+Net", "-Net"), listener.events());
        assertTrue(!model.isAlive());
    }
}
