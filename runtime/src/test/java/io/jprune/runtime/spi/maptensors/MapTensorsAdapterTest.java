package io.jprune.runtime.spi.maptensors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jprune.kernels.Kernels;
import io.jprune.kernels.cpu.CpuKernels;
import io.jprune.runtime.api.Compactor;
import io.jprune.runtime.api.NamedTensor;
import io.jprune.runtime.api.NamedTensors;
import io.jprune.runtime.api.Pruner;
import io.jprune.runtime.model.ArrayHandle;
import io.jprune.runtime.model.Model;
import io.jprune.runtime.model.ModelRegistry;
import io.jprune.runtime.prune.Amount;
import io.jprune.runtime.prune.L1Unstructured;
import io.jprune.runtime.prune.NormOrder;
import io.jprune.runtime.prune.RandomUnstructured;
import io.jprune.runtime.spi.ModuleNode;
import io.jprune.runtime.structure.ModuleStructure;
import io.jprune.runtime.structure.StructureReport;
import io.jprune.runtime.trace.ForwardTracker;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An adapter written only against the SPI, in this package alone: a model that is a map of named off-heap
 * tensors, applied in one act, with activations that are no {@code float[]}. Everything the engine offers must
 * work for it exactly as for plain Java: listings, every prune method (checked bit for bit against the same model
 * held as plain arrays), remove, restore, release of what jprune made, one generation per forward under
 * concurrent forwards, and the structure analysis on its own captured inputs. (JUnit and {@code Arrays.equals}
 * compare floats by their bits: -0.0 is not 0.0.)
 */
class MapTensorsAdapterTest {
    private static final float[][] INPUTS = {
        {0.5f, -1f, 0.25f, 2f, -0.75f, 1f}, {1f, 1f, -1f, 0.5f, 0f, -2f}, {-0.3f, 0.8f, 1.5f, -1.2f, 0.6f, 0.1f},
        {2f, -0.5f, 0.7f, 0.2f, -1.5f, 0.9f}};

    private final Kernels kernels = new CpuKernels();
    private final MapTensorsDiscovery discovery = new MapTensorsDiscovery();
    private final List<String> events = new ArrayList<>();
    private final ModelRegistry registry = new ModelRegistry(new ModelRegistry.Listener() {
        @Override
        public void modelRegistered(Model model) {
            events.add("+" + model.name());
        }

        @Override
        public void modelUnregistered(Model model) {
            events.add("-" + model.name());
        }
    });
    private final MapMlp app = new MapMlp(7);
    private final Map<String, OffHeapTensor> appOwn = app.weights;
    private final List<Object> twinRoots = new ArrayList<>();
    private int madeBefore;
    private Model model;
    private Pruner pruner;
    private NamedTensors tensors;

    @BeforeEach
    void installAdapterAndRunTheApp() {
        madeBefore = OffHeapTensor.LIVE_MADE_BY_JPRUNE.get();
        MapMlp.hooks = new ForwardTracker(registry, discovery);
        for (float[] input : INPUTS) {
            app.forward(new Activation(input));
        }
        model = registry.models().get(0);
        pruner = new Pruner(model, kernels);
        tensors = new NamedTensors(model, kernels);
    }

    @AfterEach
    void uninstall() {
        MapMlp.hooks = null;
    }

    @Test
    void theMapIsListedAsPyTorchWouldListTheModule() {
        assertEquals(List.of("+MapMlp"), events);
        assertEquals(List.of("", "fc1", "fc2"), tensors.modules().stream().map(ModuleNode::name).toList());
        assertEquals(List.of("fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias"), names(tensors.parameters("")));
        pruner.l1Unstructured("fc1.weight", Amount.count(5), null);
        assertEquals(List.of("fc1.bias", "fc1.weight_orig", "fc2.weight", "fc2.bias"), names(tensors.parameters("")));
        assertEquals(List.of("fc1.weight_mask"), names(tensors.buffers("")));
        assertEquals(List.of("bias", "weight_orig"), names(tensors.parameters("fc1")));
        assertArrayEquals(appOwn.get("fc1.weight").toFloats(), tensors.tensor("fc1.weight_orig").values());
    }

    @Test
    void everyMethodGivesTheMasksAndWeightsItGivesPlainArrays() {
        check(p -> p.randomUnstructured("fc1.weight", Amount.fraction(0.3), 11));
        check(p -> p.l1Unstructured("fc2.weight", Amount.count(7), null));
        check(p -> p.randomStructured("fc1.weight", Amount.count(2), 1, 5));
        check(p -> p.lnStructured("fc2.weight", Amount.fraction(0.5), NormOrder.parse("2"), 1, null));
        check(p -> p.lnStructured("fc1.weight", Amount.count(3), NormOrder.parse("inf"), 0,
                appOwn.get("fc1.weight").toFloats()));
        check(p -> p.identity("fc2.bias"));
        check(p -> p.customFromMask("fc1.bias", new float[] {1, 0, 1, 1, 0, 1, 1, 0}));
        check(p -> p.globalUnstructured(List.of("fc1.weight", "fc2.weight"), new L1Unstructured(Amount.count(9))));
        check(p -> p.globalUnstructured(List.of("fc1.weight", "fc2.weight"),
                new RandomUnstructured(Amount.fraction(0.2), 3)));
        check(p -> p.l1Unstructured("fc1.weight", Amount.count(4), null));
        check(p -> {
            p.l1Unstructured("fc1.bias", Amount.count(2), null);
            p.restore("fc1.bias");
        });
        // last: remove is permanent, restore cannot undo it
        check(p -> {
            p.l1Unstructured("fc2.weight", Amount.count(2), null);
            p.remove("fc2.weight");
        });
    }

    @Test
    void restoreGivesBackTheAppsOwnTensorsBitForBitAndReleasesWhatJpruneMade() {
        float[] before = forward(INPUTS[0]);
        pruner.l1Unstructured("fc1.weight", Amount.fraction(0.5), null);
        pruner.lnStructured("fc2.weight", Amount.count(1), NormOrder.parse("1"), 0, null);
        pruner.l1Unstructured("fc1.weight", Amount.fraction(0.5), null);
        app.forward(new Activation(INPUTS[0]));
        assertTrue(OffHeapTensor.LIVE_MADE_BY_JPRUNE.get() > madeBefore, "masked weights are the adapter's tensors");
        OffHeapTensor replacedEarlier = app.weights.get("fc1.weight");

        pruner.restore();
        app.forward(new Activation(INPUTS[0]));
        for (String key : appOwn.keySet()) {
            assertSame(appOwn.get(key), app.weights.get(key), key + " is the app's very tensor again");
        }
        assertArrayEquals(before, forward(INPUTS[0]));
        assertTrue(replacedEarlier.isFreed());
        assertEquals(madeBefore, OffHeapTensor.LIVE_MADE_BY_JPRUNE.get(), "every tensor jprune made is released");
        assertEquals(tensors.parameters("").size(), 4);
    }

    @Test
    void removeKeepsTheMaskedTensorAsTheParameterAndReleasesNothingTheAppReads() {
        pruner.l1Unstructured("fc2.weight", Amount.count(10), null);
        OffHeapTensor masked = app.weights.get("fc2.weight");
        pruner.remove("fc2.weight");
        assertSame(masked, app.weights.get("fc2.weight"));
        assertTrue(!masked.isFreed(), "the app still reads it");
        assertEquals(List.of("fc1.weight", "fc1.bias", "fc2.bias", "fc2.weight"), names(tensors.parameters("")));
        assertEquals("fc2.weight: cannot restore: remove() made its pruning permanent and freed its original "
                + "values; 10 of 24 entries are zero", pruner.restore("fc2.weight"));
        pruner.restore();
        assertSame(masked, app.weights.get("fc2.weight"));
        assertTrue(!masked.isFreed());
    }

    @Test
    void eachChangeIsOneCommitAndAFailedCommitChangesNothing() {
        OneActInstaller installer = discovery.installers.get(app);
        pruner.globalUnstructured(List.of("fc1.weight", "fc2.weight"), new L1Unstructured(Amount.count(20)));
        assertEquals(List.of(2), installer.commitSizes, "both weights in one act");
        Map<String, OffHeapTensor> applied = app.weights;
        float[] expected = forward(INPUTS[1]);

        installer.commitFailure = new IllegalStateException("session rebuild failed (played by the test)");
        IllegalStateException failure = assertThrows(IllegalStateException.class,
                () -> pruner.l1Unstructured("fc2.bias", Amount.count(1), null));
        assertTrue(failure.getMessage().contains("session rebuild failed"), failure.getMessage());
        assertSame(applied, app.weights, "the app keeps its map");
        assertArrayEquals(expected, forward(INPUTS[1]));
        assertEquals(List.of("fc1.weight_mask", "fc2.weight_mask"), names(tensors.buffers("")), "nothing published");
        installer.commitFailure = null;
        int live = OffHeapTensor.LIVE_MADE_BY_JPRUNE.get();
        pruner.restore();
        assertEquals(madeBefore, OffHeapTensor.LIVE_MADE_BY_JPRUNE.get(),
                "the failed generation's tensors were released too (" + live + " live before the restore)");
    }

    @Test
    void everyForwardSeesExactlyOneGenerationWhileChangesArrive() throws Exception {
        List<float[]> valid = new ArrayList<>();
        valid.add(expectedOutput(INPUTS[2]));
        List<Thread> threads = new ArrayList<>();
        List<float[]> seen = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        java.util.concurrent.atomic.AtomicBoolean running = new java.util.concurrent.atomic.AtomicBoolean(true);
        for (int t = 0; t < 4; t++) {
            Thread thread = new Thread(() -> {
                try {
                    while (running.get()) {
                        seen.add(app.forward(new Activation(INPUTS[2])).toFloats());
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            });
            threads.add(thread);
            thread.start();
        }
        for (int round = 0; round < 30; round++) {
            // each change moves both layers at once, so a torn forward would mix two generations' layers
            pruner.globalUnstructured(List.of("fc1.weight", "fc2.weight"),
                    new RandomUnstructured(Amount.fraction(0.3), round));
            valid.add(expectedOutput(INPUTS[2]));
            if (round % 3 == 2) {
                pruner.restore();
            }
        }
        running.set(false);
        for (Thread thread : threads) {
            thread.join();
        }
        assertEquals(List.of(), failures);
        assertTrue(seen.size() > 30, "forwards ran: " + seen.size());
        for (float[] output : seen) {
            assertTrue(valid.stream().anyMatch(v -> java.util.Arrays.equals(v, output)),
                    "an output of no applied generation: " + java.util.Arrays.toString(output));
        }
    }

    @Test
    void structureIsFoundFromTheAdaptersOwnActivations() {
        pruner.lnStructured("fc1.weight", Amount.count(3), NormOrder.parse("2"), 0, null);
        int[] cut = tensors.prunedChannels("fc1.weight", 0);
        assertEquals(3, cut.length);
        StructureReport report = new Compactor(model).structure();
        ModuleStructure fc1 = report.module("fc1");
        ModuleStructure fc2 = report.module("fc2");
        assertArrayEquals(cut, fc1.getPrunedOutputs());
        assertArrayEquals(cut, fc2.getDeadInputs(), report.render());
        assertEquals(INPUTS.length, report.getTracedInputs());
    }

    /** Applies {@code change} to the adapter's model and to the same model held as plain arrays; both must agree. */
    private void check(Consumer<Pruner> change) {
        Model twin = twinOf(appOwn);
        Pruner twinPruner = new Pruner(twin, kernels);
        NamedTensors twinTensors = new NamedTensors(twin, kernels);
        for (int i = 0; i < 2; i++) { // the same step twice: iterative pruning too
            change.accept(pruner);
            change.accept(twinPruner);
        }
        List<NamedTensor> expected = new ArrayList<>(twinTensors.parameters(""));
        expected.addAll(twinTensors.buffers(""));
        List<NamedTensor> actual = new ArrayList<>(tensors.parameters(""));
        actual.addAll(tensors.buffers(""));
        assertEquals(names(expected), names(actual));
        for (int i = 0; i < expected.size(); i++) {
            assertArrayEquals(expected.get(i).values(), actual.get(i).values(), expected.get(i).name());
        }
        app.forward(new Activation(INPUTS[3]));
        for (String param : List.of("fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias")) {
            assertArrayEquals(twinTensors.tensor(param).values(), app.weights.get(param).toFloats(),
                    "what the app computes with: " + param);
        }
        pruner.restore();
    }

    private Model twinOf(Map<String, OffHeapTensor> weights) {
        Object root = new Object();
        twinRoots.add(root); // models are held weakly: the twin's "app" must stay alive
        List<ModuleNode> children = new ArrayList<>();
        for (String layer : List.of("fc1", "fc2")) {
            OffHeapTensor w = weights.get(layer + ".weight");
            OffHeapTensor b = weights.get(layer + ".bias");
            children.add(new ModuleNode(layer, new Object(), "Linear", layer, List.of(
                    new ArrayHandle("weight", w.shape(), w.toFloats()),
                    new ArrayHandle("bias", b.shape(), b.toFloats())), List.of()));
        }
        return new Model("Twin", root, new ModuleNode("", root, "MapMlp", "MapMlp", List.of(), children));
    }

    /** The app's forward, now. */
    private float[] forward(float[] input) {
        return app.forward(new Activation(input)).toFloats();
    }

    /** The output the current generation should give, computed from the listed tensors, not from the app. */
    private float[] expectedOutput(float[] input) {
        Activation hidden = MapMlp.Ops.linear(listed("fc1.weight"), listed("fc1.bias"), new Activation(input));
        for (int i = 0; i < hidden.size(); i++) {
            hidden.values.put(i, Math.max(0f, hidden.values.get(i)));
        }
        return MapMlp.Ops.linear(listed("fc2.weight"), listed("fc2.bias"), hidden).toFloats();
    }

    private OffHeapTensor listed(String name) {
        NamedTensor tensor = tensors.tensor(name);
        return OffHeapTensor.ofApp(tensor.shape(), tensor.values());
    }

    private static List<String> names(List<NamedTensor> list) {
        return list.stream().map(NamedTensor::name).toList();
    }

}
