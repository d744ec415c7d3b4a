package io.jprune.agent.e2e;

import static io.jprune.agent.e2e.BitAssertions.assertBitsEqual;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The opt-in live sweep on the real demo service, from the real command line: {@code jprune sweep --live-metric
 * demo:type=Inference/Accuracy --floor 0.95} prunes conv1 and fc3 in the running service one step at a time and
 * reads the service's own accuracy. conv1 at 0.8 takes the service below the floor (to 48.25%, as the numpy
 * reference model computes it for that prune): that step is undone and conv1's curve ends there; fc3 stays above
 * it. Afterwards the service is back on its own weights, bit for bit, at its own accuracy. Each step runs at least
 * 8,500 of the service's forwards: its accuracy is that of the last completed pass of 2,000 digits by either of its
 * two threads, and a pass wholly after the change can take one thread up to two passes (8,000 forwards of both).
 */
class LiveSweepIT {
    private static final Duration STARTUP = Duration.ofSeconds(60);
    private static final String METRIC = "demo:type=Inference/Accuracy";

    @Test
    void stepsRunLiveTheFloorEndsACurveAndTheServiceEndsOnItsOwnWeights(@TempDir Path out) throws Exception {
        try (DemoApp app = DemoApp.Launch.demo().start()) {
            MBeanServerConnection connection = app.connect();
            ObjectName modelName = new ObjectName("io.jprune:type=Model,name=LeNet");
            app.await("the LeNet model MBean", STARTUP, () -> {
                try {
                    return connection.isRegistered(modelName);
                } catch (java.io.IOException e) {
                    return false;
                }
            });
            JmxConsole model = new JmxConsole(connection, modelName);
            JmxConsole inference = new JmxConsole(connection, new ObjectName("demo:type=Inference"));
            Map<String, float[]> before = weights(model);
            double own = (Double) app.ofAPassStartedAfter(inference, "Accuracy", System.currentTimeMillis(), STARTUP);

            JpruneCli.Result sweep = JpruneCli.run("sweep", Long.toString(app.pid()), "--live-metric", METRIC,
                    "--floor", "0.95", "--params", "conv1.weight,fc3.weight", "--amounts", "0.3,0.6,0.8",
                    "--settle", "1", "--settle-forwards", "8500", "--out", out.toString());
            assertEquals(0, sweep.status(), sweep.toString());
            System.out.println(sweep.out());

            List<String> rows = Files.readAllLines(out.resolve("LeNet-live-sweep.csv"));
            assertEquals("parameter,amount,sparsity,metric,below_floor", rows.get(0));
            Map<String, String[]> steps = new LinkedHashMap<>();
            for (String row : rows.subList(1, rows.size())) {
                String[] cells = row.split(",");
                steps.put(cells[0] + " " + cells[1], cells);
            }
            assertEquals(List.of("conv1.weight 0.3", "conv1.weight 0.6", "conv1.weight 0.8", "fc3.weight 0.3",
                    "fc3.weight 0.6", "fc3.weight 0.8"), List.copyOf(steps.keySet()), sweep.out());
            for (Map.Entry<String, String[]> step : steps.entrySet()) {
                double accuracy = Double.parseDouble(step.getValue()[3]);
                boolean below = Boolean.parseBoolean(step.getValue()[4]);
                assertEquals(step.getKey().equals("conv1.weight 0.8"), below, step.getKey() + ": " + sweep.out());
                assertEquals(below, accuracy < 0.95, step.getKey() + ": " + sweep.out());
            }
            // the service's accuracy with each prune, computed independently with the numpy reference model
            Map<String, Double> expected = Map.of("conv1.weight 0.3", 0.983, "conv1.weight 0.6", 0.965,
                    "conv1.weight 0.8", 0.4825, "fc3.weight 0.3", 0.9835, "fc3.weight 0.6", 0.981,
                    "fc3.weight 0.8", 0.9695);
            expected.forEach((step, accuracy) -> assertEquals(accuracy, Double.parseDouble(steps.get(step)[3]), 0.0,
                    step + ": " + sweep.out()));
            assertEquals(0.8, Double.parseDouble(steps.get("fc3.weight 0.8")[2]), 0.01, "sparsity of the step");
            assertTrue(sweep.out().contains("conv1.weight: the metric fell to "), sweep.out());
            assertTrue(Files.readString(out.resolve("LeNet-live-sweep.svg")).contains("class=\"floor\""));

            assertEquals(Boolean.FALSE, model.attribute("Pruned"));
            Map<String, float[]> after = weights(model);
            for (String name : before.keySet()) {
                assertBitsEqual(before.get(name), after.get(name), name + " after the live sweep");
            }
            double back = (Double) app.ofAPassStartedAfter(inference, "Accuracy", System.currentTimeMillis(), STARTUP);
            assertEquals(own, back, 0.0, "the service's own accuracy is back");
        }
    }

    private static Map<String, float[]> weights(JmxConsole model) throws Exception {
        Map<String, float[]> weights = new LinkedHashMap<>();
        for (String name : List.of("conv1.weight", "fc3.weight")) {
            weights.put(name, model.tensor(name));
        }
        return weights;
    }
}
