package io.jprune.agent.instrumentation.plain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jprune.runtime.api.Pruner;
import io.jprune.runtime.model.Model;
import io.jprune.runtime.prune.Amount;
import io.jprune.runtime.record.ChangeKind;
import io.jprune.runtime.record.ModelChange;
import io.jprune.runtime.sweep.LiveMetric;
import io.jprune.runtime.sweep.LivePoint;
import io.jprune.runtime.sweep.LiveSweep;
import io.jprune.runtime.sweep.LiveSweepReport;
import io.jprune.runtime.sweep.SweepSettings;
import io.jprune.testmodels.hooked.ResidualNet;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.management.ObjectName;
import javax.management.StandardMBean;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A live sweep through the real agent in this JVM, watching a metric the "app" publishes as an MBean (how often
 * the model's answer is the unpruned answer on a fixed set of inputs, computed through the model's own hooked
 * forward): each step's figure is what the same prune gives when applied by hand, the curve ends at the first
 * step below the floor, and afterwards the app has its own arrays and its own outputs, bit for bit.
 */
class LiveSweepThroughTheAgentTest {
    private static final Duration SETTLE = Duration.ofMillis(20);

    /** The app's metric, as a standard MBean. */
    public interface AgreementMetric {
        /** The fraction of the inputs the model answers as it did unpruned. */
        double getAgreement();

        /** A figure that is no number. */
        String getLabel();
    }

    @BeforeAll
    static void installTheAgentBeforeTheAppsFirstForward() {
        assertTrue(InProcessAgent.REGISTRY != null);
    }

    @Test
    void eachStepIsLiveTheCurveEndsBelowTheFloorAndTheAppGetsItsOwnWeightsBack() throws Exception {
        ResidualNet net = new ResidualNet(41);
        float[][] inputs = ResidualNet.inputs(42, 64);
        int[] labels = answers(net, inputs);
        List<float[]> unpruned = outputs(net, inputs);
        Model model = InProcessAgent.modelOf(net);
        String metric = publish("live-a", () -> agreement(net, inputs, labels));

        List<String> params = List.of("fa.weight", "fc.weight");
        List<Double> amounts = List.of(0.2, 0.5, 0.8, 0.95);
        Pruner pruner = new Pruner(model, InProcessAgent.KERNELS);
        List<Double> byHand = new ArrayList<>();
        for (String param : params) {
            for (double amount : amounts) {
                pruner.l1Unstructured(param, Amount.fraction(amount), null);
                byHand.add(agreement(net, inputs, labels));
                pruner.restore();
            }
        }
        double floor = floorCutting(byHand);
        float[] faWeight = net.fa().weight();
        float[] fcWeight = net.fc().weight();
        List<ModelChange> changes = new CopyOnWriteArrayList<>();
        model.changeLog().subscribe(changes::add);

        LiveSweepReport report = new LiveSweep(model, InProcessAgent.KERNELS,
                SweepSettings.parse("fa.weight,fc.weight", "0.95,0.8,0.5,0.2", "", "", 0, 0, 0, ""),
                LiveMetric.parse(metric), floor, SETTLE, 0, line -> { }).run();
        model.changeLog().unsubscribe(changes::add);

        List<Double> expected = new ArrayList<>();
        List<Boolean> below = new ArrayList<>();
        for (int p = 0; p < params.size(); p++) {
            for (int a = 0; a < amounts.size(); a++) {
                double value = byHand.get(p * amounts.size() + a);
                expected.add(value);
                below.add(value < floor);
                if (value < floor) {
                    break;
                }
            }
        }
        LivePoint[] points = report.getPoints();
        assertEquals(expected.size(), points.length, "the curve ends at the first step below the floor " + floor
                + "; by hand: " + byHand);
        for (int i = 0; i < points.length; i++) {
            assertEquals(expected.get(i), points[i].getMetric(), 0.0, points[i].getParameter() + " "
                    + points[i].getAmount());
            assertEquals(below.get(i), points[i].isBelowFloor());
        }
        assertTrue(below.contains(true), "the test's floor cuts a curve: " + byHand);
        assertEquals(1.0, report.getBaseline());
        assertEquals(1.0, report.getRestoredMetric());
        assertTrue(report.isComplete());
        assertSame(faWeight, net.fa().weight(), "the app's own array is back");
        assertSame(fcWeight, net.fc().weight(), "the app's own array is back");
        assertFalse(model.isPruned());
        List<float[]> after = outputs(net, inputs);
        for (int i = 0; i < inputs.length; i++) {
            assertArrayEquals(unpruned.get(i), after.get(i), "output " + i + " is the app's own, bit for bit");
        }
        assertEquals(points.length, changes.stream().filter(c -> c.kind() == ChangeKind.SWEEP_STEP).count());
        assertEquals(params.size(), changes.stream().filter(c -> c.kind() == ChangeKind.RESTORE).count(),
                "each parameter is restored once, after its curve");
        assertTrue(changes.stream().filter(c -> c.kind() == ChangeKind.SWEEP_STEP)
                .allMatch(c -> c.summary().contains(metric)), changes.toString());
    }

    @Test
    void badRequestsAreRefusedByNameAndChangeNothing() throws Exception {
        ResidualNet net = new ResidualNet(51);
        float[][] inputs = ResidualNet.inputs(52, 16);
        int[] labels = answers(net, inputs);
        Model model = InProcessAgent.modelOf(net);
        String metric = publish("live-b", () -> agreement(net, inputs, labels));
        SweepSettings settings = SweepSettings.parse("fa.weight", "0.5", "", "", 0, 0, 0, "");

        String typo = metric.replace("/Agreement", "/Agreemnt");
        IllegalArgumentException attribute = assertThrows(IllegalArgumentException.class, () -> LiveMetric.parse(typo));
        assertEquals("live metric '" + typo + "': " + metric.replace("/Agreement", "") + " has no number attribute "
                + "'Agreemnt'; its number attributes are: Agreement", attribute.getMessage());
        IllegalArgumentException label = assertThrows(IllegalArgumentException.class,
                () -> LiveMetric.parse(metric.replace("/Agreement", "/Label")));
        assertTrue(label.getMessage().contains("no number attribute 'Label'"), label.getMessage());
        IllegalArgumentException form = assertThrows(IllegalArgumentException.class,
                () -> LiveMetric.parse("Agreement"));
        assertTrue(form.getMessage().startsWith("live metric must be an MBean and one of its attributes"),
                form.getMessage());
        IllegalArgumentException mbean = assertThrows(IllegalArgumentException.class,
                () -> LiveMetric.parse("test.jprune:type=Nothing/Agreement"));
        assertTrue(mbean.getMessage().contains("no MBean test.jprune:type=Nothing in the app; MBeans in domain "
                + "'test.jprune': "), mbean.getMessage());

        IllegalStateException high = assertThrows(IllegalStateException.class, () -> new LiveSweep(model,
                InProcessAgent.KERNELS, settings, LiveMetric.parse(metric), 1.5, SETTLE, 0, line -> { }).run());
        assertEquals("the live metric " + metric + " is 1, already below the floor 1.5; nothing was changed",
                high.getMessage());

        Pruner pruner = new Pruner(model, InProcessAgent.KERNELS);
        pruner.l1Unstructured("fa.weight", Amount.fraction(0.3), null);
        Object pruned = net.fa().weight();
        IllegalStateException already = assertThrows(IllegalStateException.class, () -> new LiveSweep(model,
                InProcessAgent.KERNELS, settings, LiveMetric.parse(metric), 0.5, SETTLE, 0, line -> { }).run());
        assertTrue(already.getMessage().startsWith("a live sweep starts from the app's own weights, but fa.weight"),
                already.getMessage());
        assertSame(pruned, net.fa().weight(), "nothing changed");
        pruner.restore();
    }

    /** A floor between the by-hand figures, so that at least one curve ends early and one step stays above it. */
    private static double floorCutting(List<Double> byHand) {
        List<Double> sorted = byHand.stream().distinct().sorted().toList();
        assertTrue(sorted.size() >= 3, "the prunes must move the metric: " + byHand);
        return (sorted.get(sorted.size() / 2) + sorted.get(sorted.size() / 2 - 1)) / 2;
    }

    private static String publish(String name, java.util.function.DoubleSupplier value) throws Exception {
        ObjectName objectName = new ObjectName("test.jprune:type=Metric,name=" + name);
        AgreementMetric metric = new AgreementMetric() {
            @Override
            public double getAgreement() {
                return value.getAsDouble();
            }

            @Override
            public String getLabel() {
                return "agreement";
            }
        };
        ManagementFactory.getPlatformMBeanServer().registerMBean(new StandardMBean(metric, AgreementMetric.class),
                objectName);
        return objectName + "/Agreement";
    }

    private static double agreement(ResidualNet net, float[][] inputs, int[] labels) {
        int[] now = answers(net, inputs);
        int same = 0;
        for (int i = 0; i < labels.length; i++) {
            same += now[i] == labels[i] ? 1 : 0;
        }
        return same / (double) labels.length;
    }

    private static int[] answers(ResidualNet net, float[][] inputs) {
        int[] answers = new int[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            float[] out = net.forward(inputs[i]);
            int best = 0;
            for (int j = 1; j < out.length; j++) {
                best = out[j] > out[best] ? j : best;
            }
            answers[i] = best;
        }
        return answers;
    }

    private static List<float[]> outputs(ResidualNet net, float[][] inputs) {
        List<float[]> outputs = new ArrayList<>();
        for (float[] input : inputs) {
            outputs.add(net.forward(input));
        }
        return outputs;
    }
}
