package io.jprune.agent.instrumentation.plain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jprune.runtime.api.Pruner;
import io.jprune.runtime.model.Model;
import io.jprune.runtime.prune.Amount;
import io.jprune.runtime.record.ChangeKind;
import io.jprune.runtime.record.ModelChange;
import io.jprune.runtime.sweep.Sweep;
import io.jprune.runtime.sweep.SweepPoint;
import io.jprune.runtime.sweep.SweepReport;
import io.jprune.runtime.sweep.SweepSettings;
import io.jprune.testmodels.hooked.ResidualNet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A sweep through the real agent in this JVM: the app's forwards keep running on a thread, the sweep captures
 * their inputs, prunes a private copy of the model, and every figure equals what the same prune applied to the
 * live model gives on the same inputs; meanwhile every output the app computed is its unpruned output, bit for
 * bit, the app's arrays are its own, and no model is added.
 */
class SweepThroughTheAgentTest {
    private static final int DISTINCT = 24;

    @BeforeAll
    static void installTheAgentBeforeTheAppsFirstForward() {
        assertTrue(InProcessAgent.REGISTRY != null);
    }

    @Test
    void aSweepMeasuresOnAPrivateCopyWhatTheSamePruneDoesLiveAndTheAppNeverSeesIt() throws Exception {
        ResidualNet net = new ResidualNet(21);
        float[][] inputs = ResidualNet.inputs(22, DISTINCT);
        List<float[]> unpruned = outputs(net, inputs);
        Model model = InProcessAgent.modelOf(net);
        java.util.Set<Object> roots = residualRoots();
        List<Double> amounts = List.of(0.25, 0.5, 0.75, 1.0);
        List<String> params = List.of("fa.weight", "fc.weight");
        List<List<float[]>> live = new ArrayList<>();
        Pruner pruner = new Pruner(model, InProcessAgent.KERNELS);
        for (String param : params) {
            for (double amount : amounts) {
                pruner.l1Unstructured(param, Amount.fraction(amount), null);
                live.add(outputs(net, inputs));
                pruner.restore();
            }
        }
        float[] faWeight = net.fa().weight();

        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong wrong = new AtomicLong();
        AtomicLong served = new AtomicLong();
        Thread app = new Thread(() -> {
            for (int i = 0; !stop.get(); i = (i + 1) % DISTINCT) {
                if (!java.util.Arrays.equals(unpruned.get(i), net.forward(inputs[i]))) {
                    wrong.incrementAndGet();
                }
                served.incrementAndGet();
            }
        }, "app");
        List<ModelChange> changes = new CopyOnWriteArrayList<>();
        model.changeLog().subscribe(changes::add);
        List<String> progress = new CopyOnWriteArrayList<>();
        SweepReport report;
        app.start();
        try {
            SweepSettings settings = SweepSettings.parse("fa.weight,fc.weight", "1,0.75,0.5,0.25", "", "", 0,
                    DISTINCT, 1, "").withCaptureTimeout(Duration.ofSeconds(30));
            report = new Sweep(model, InProcessAgent.KERNELS, settings, progress::add).run();
        } finally {
            stop.set(true);
            app.join();
        }
        model.changeLog().unsubscribe(changes::add);

        assertEquals(0, wrong.get(), "the app computed with experimental weights " + wrong + " times of " + served);
        assertSame(faWeight, net.fa().weight(), "the app's array is its own");
        assertTrue(roots.containsAll(residualRoots()), "the private copy is no model of the app");
        assertTrue(report.isComplete());
        assertEquals(DISTINCT, report.getInputs());
        assertEquals("classifier", report.getOutputKind());
        SweepPoint[] points = report.getPoints();
        assertEquals(params.size() * amounts.size(), points.length);
        for (int p = 0; p < points.length; p++) {
            SweepPoint point = points[p];
            assertEquals(params.get(p / amounts.size()), point.getParameter());
            assertEquals(amounts.get(p % amounts.size()), point.getAmount());
            double[] expected = compare(unpruned, live.get(p));
            assertEquals(expected[0], point.getTop1Agreement(), 1e-12, point.getParameter() + " " + point.getAmount());
            assertEquals(expected[1], point.getCosineSimilarity(), 1e-9, point.getParameter() + " " + point.getAmount());
            assertEquals(expected[2], point.getMaxAbsDifference(), 0.0, point.getParameter() + " " + point.getAmount());
        }
        assertEquals(1.0, points[amounts.size() - 1].getSparsity(), "amount 1 prunes every entry");
        assertEquals(points.length, changes.size(), "one record per sweep step");
        for (ModelChange change : changes) {
            assertEquals(ChangeKind.SWEEP_STEP, change.kind());
            assertEquals(0.0, change.sparsityBefore(), "the app's parameter is unpruned");
        }
        assertEquals("sweeping " + model.name() + ": fa.weight amount=0.25 (point 1 of 8",
                progress.stream().filter(line -> line.startsWith("sweeping")).findFirst().orElseThrow()
                        .replaceAll(", [0-9.]+ s\\)$", ""));
    }

    @Test
    void aCancelledSweepReturnsThePointsMeasuredSoFar() throws Exception {
        ResidualNet net = new ResidualNet(31);
        float[][] inputs = ResidualNet.inputs(32, 4);
        for (float[] input : inputs) {
            net.forward(input);
        }
        Model model = InProcessAgent.modelOf(net);
        AtomicBoolean stop = new AtomicBoolean();
        Thread app = new Thread(() -> {
            for (int i = 0; !stop.get(); i = (i + 1) % inputs.length) {
                net.forward(inputs[i]);
            }
        }, "app");
        app.start();
        try {
            SweepSettings settings = SweepSettings.parse("", "", "ln_structured", "2", 0, 4, 1, "");
            Sweep[] sweep = new Sweep[1];
            sweep[0] = new Sweep(model, InProcessAgent.KERNELS, settings, line -> {
                if (line.contains("point 3 of")) {
                    sweep[0].cancel();
                }
            });
            SweepReport report = sweep[0].run();
            assertEquals(false, report.isComplete());
            assertEquals(2, report.getPoints().length);
            assertEquals("ln_structured n=2 dim=0", report.getMethod());
            assertArrayEquals(new String[] {"cancelled after 2 of 27 points"}, report.getNotes());
        } finally {
            stop.set(true);
            app.join();
        }
    }

    /** The roots of the ResidualNet models registered now, by identity. */
    private static java.util.Set<Object> residualRoots() {
        java.util.Set<Object> roots = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (Model model : InProcessAgent.REGISTRY.models()) {
            if (model.root() instanceof ResidualNet root) {
                roots.add(root);
            }
        }
        return roots;
    }

    private static List<float[]> outputs(ResidualNet net, float[][] inputs) {
        List<float[]> outputs = new ArrayList<>();
        for (float[] input : inputs) {
            outputs.add(net.forward(input));
        }
        return outputs;
    }

    /** top-1 agreement, mean cosine, max |diff|, computed here independently of the sweep. */
    private static double[] compare(List<float[]> reference, List<float[]> pruned) {
        int same = 0;
        double cosine = 0;
        double max = 0;
        for (int i = 0; i < reference.size(); i++) {
            float[] a = reference.get(i);
            float[] b = pruned.get(i);
            same += argmax(a) == argmax(b) ? 1 : 0;
            double dot = 0;
            double na = 0;
            double nb = 0;
            for (int j = 0; j < a.length; j++) {
                dot += (double) a[j] * b[j];
                na += (double) a[j] * a[j];
                nb += (double) b[j] * b[j];
                max = Math.max(max, Math.abs((double) a[j] - b[j]));
            }
            cosine += na == 0 && nb == 0 ? 1 : na == 0 || nb == 0 ? 0 : dot / Math.sqrt(na * nb);
        }
        return new double[] {(double) same / reference.size(), cosine / reference.size(), max};
    }

    private static int argmax(float[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            if (values[i] > values[best]) {
                best = i;
            }
        }
        return best;
    }
}
