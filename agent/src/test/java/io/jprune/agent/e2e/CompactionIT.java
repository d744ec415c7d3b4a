package io.jprune.agent.e2e;

import static io.jprune.agent.e2e.BitAssertions.assertBitsEqual;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jprune.demo.Mnist;
import io.jprune.runtime.structure.OutputAgreement;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import org.junit.jupiter.api.Test;

/**
 * Issue 6's "done when", on the real shaded {@code jprune.jar} and the running demo service: after
 * {@code ln_structured} 0.5 n=2 dim=0 on conv1, conv2 and fc1, {@code compact()} leaves conv1 6 -> 3, conv2 in 3 /
 * out 8, fc1 in 200 / out 60 and fc2 in 60; the logits of all 2,000 held-out digits (computed by the app's own
 * forward through the model MBean's {@code forward}) equal the masked model's to 1e-5 relative; the app's own
 * accuracy is the same; and {@code restore()} gives back every tensor, every shape, every int size (the logits of
 * the original model, bit for bit) and the original accuracy.
 */
class CompactionIT {
    private static final Duration STARTUP = Duration.ofSeconds(60);
    private static final Duration PASS = Duration.ofSeconds(60);
    private static final List<String> PARAMETERS = List.of("conv1.weight", "conv1.bias", "conv2.weight",
            "conv2.bias", "fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias", "fc3.weight", "fc3.bias");
    private static final Map<String, String> ORIGINAL_SHAPES = shapes("[6, 1, 3, 3]", "[6]", "[16, 6, 3, 3]", "[16]",
            "[120, 400]", "[120]", "[84, 120]", "[84]", "[10, 84]", "[10]");
    private static final Map<String, String> COMPACTED_SHAPES = shapes("[3, 1, 3, 3]", "[3]", "[8, 3, 3, 3]", "[8]",
            "[60, 200]", "[60]", "[84, 60]", "[84]", "[10, 84]", "[10]");

    @Test
    void compactionKeepsTheMaskedLogitsAndRestoreBringsTheOriginalDemoBackBitForBit() throws Exception {
        Mnist digits = Mnist.test();
        float[][] images = digits.images();
        int[] labels = digits.labels();
        try (DemoApp app = DemoApp.start("", "--threads", "2", "--report-ms", "60000")) {
            MBeanServerConnection connection = app.connect();
            ObjectName modelName = new ObjectName("io.jprune:type=Model,name=LeNet");
            ObjectName inferenceName = new ObjectName("demo:type=Inference");
            app.await("the LeNet model MBean", STARTUP, () -> registered(connection, modelName));
            app.await("a first completed pass", PASS, () -> passes(connection, inferenceName) >= 1);
            JmxConsole model = new JmxConsole(connection, modelName);
            JmxConsole inference = new JmxConsole(connection, inferenceName);
            double originalAccuracy = (double) inference.attribute("Accuracy");
            Map<String, float[]> originalTensors = tensors(model);
            assertEquals(ORIGINAL_SHAPES, shapes(model));
            List<float[]> originalLogits = logits(model, images);
            assertEquals(1968, correct(originalLogits, labels), "the demo's committed accuracy, 98.40%");

            for (String param : List.of("conv1.weight", "conv2.weight", "fc1.weight")) {
                assertTrue(model.string("lnStructured", param, "0.5", "2", 0).startsWith(param + ": ln_structured"));
            }
            List<float[]> maskedLogits = logits(model, images);
            double maskedAccuracy = accuracyOfAPassStartedAfter(app, inference, System.currentTimeMillis());
            assertNotEquals(originalAccuracy, maskedAccuracy, "cutting half the channels changes the app's accuracy");

            long pid = (long) connection.getAttribute(new ObjectName("java.lang:type=Runtime"), "Pid");
            structureShowsWhatCompactionWillDo(model, pid);

            // through the command line, for its numbers as JSON fields
            String json = cli("compact", Long.toString(pid), "--json");
            assertTrue(json.contains(",\"macs\":199968,\"compactedMacs\":62268,\"parameters\":60074,"
                    + "\"compactedParameters\":18288,\"modules\":[{\"name\":\"conv1\",\"shape\":[6,1,3,3],"
                    + "\"compactedShape\":[3,1,3,3]},"), json);
            String summary = json.replaceAll("(?s).*\"summary\":\"([^\"]*)\".*", "$1");
            assertTrue(summary.startsWith("LeNet: compacted conv1 [6, 1, 3, 3] -> [3, 1, 3, 3], conv2 [16, 6, 3, 3] -> "
                    + "[8, 3, 3, 3], fc1 [120, 400] -> [60, 200], fc2 [84, 120] -> [84, 60]; MACs per forward 199,968 "
                    + "-> 62,268"), summary);
            assertTrue(summary.endsWith("; the pruning of conv1.weight, conv2.weight, fc1.weight is now permanent, "
                    + "as after remove(): their _orig and _mask are no longer listed; restore() brings the original "
                    + "model back, bit for bit"), summary);
            assertEquals(COMPACTED_SHAPES, shapes(model));
            assertEquals("Linear(in_features=200, out_features=60, bias=True)", moduleRepr(model, "fc1"),
                    "module descriptions follow the compacted sizes");
            assertEquals(List.of(), model.names("namedBuffers", ""));
            assertEquals(Boolean.FALSE, model.attribute("Pruned"), "compacted parameters are permanent, as after remove");
            List<float[]> compactedLogits = logits(model, images);
            OutputAgreement agreement = OutputAgreement.within(1e-5);
            for (int i = 0; i < images.length; i++) {
                String disagreement = agreement.disagreement(maskedLogits.get(i), compactedLogits.get(i));
                assertNull(disagreement, "digit " + i + ": " + disagreement);
            }
            assertEquals(correct(maskedLogits, labels), correct(compactedLogits, labels));
            assertEquals(maskedAccuracy, accuracyOfAPassStartedAfter(app, inference, System.currentTimeMillis()),
                    "the app's own accuracy after compaction is the masked model's");

            assertEquals("LeNet: restored 3 parameters: conv1.weight, conv2.weight, fc1.weight; undid the compaction "
                    + "of conv1, conv2, fc1, fc2", model.string("restore"));
            assertEquals(ORIGINAL_SHAPES, shapes(model));
            assertEquals("Linear(in_features=400, out_features=120, bias=True)", moduleRepr(model, "fc1"));
            assertEquals(PARAMETERS, model.names("namedParameters", ""));
            Map<String, float[]> restoredTensors = tensors(model);
            for (String name : PARAMETERS) {
                assertBitsEqual(originalTensors.get(name), restoredTensors.get(name), name);
            }
            List<float[]> restoredLogits = logits(model, images);
            for (int i = 0; i < images.length; i++) {
                assertBitsEqual(originalLogits.get(i), restoredLogits.get(i), "logits of digit " + i);
            }
            assertEquals(originalAccuracy, accuracyOfAPassStartedAfter(app, inference, System.currentTimeMillis()),
                    "after restore() the app classifies exactly as before");
            assertTrue(app.isAlive());
        }
    }

    /** The report over JMX as open data, and the same through the command line, as a table and as JSON. */
    private static void structureShowsWhatCompactionWillDo(JmxConsole model, long pid) throws Exception {
        CompositeData report = (CompositeData) model.invoke("structure");
        assertEquals(199_968L, report.get("macs"));
        assertEquals(62_268L, report.get("compactedMacs"));
        Map<String, CompositeData> rows = new LinkedHashMap<>();
        for (CompositeData row : (CompositeData[]) report.get("modules")) {
            rows.put((String) row.get("name"), row);
        }
        assertEquals(List.of("conv1", "conv2", "fc1", "fc2", "fc3"), new ArrayList<>(rows.keySet()));
        assertArrayEquals(new int[] {3, 1, 3, 3}, (int[]) rows.get("conv1").get("compactedShape"));
        assertArrayEquals(new int[] {8, 3, 3, 3}, (int[]) rows.get("conv2").get("compactedShape"));
        assertArrayEquals(new int[] {60, 200}, (int[]) rows.get("fc1").get("compactedShape"));
        assertArrayEquals(new int[] {84, 60}, (int[]) rows.get("fc2").get("compactedShape"));
        assertArrayEquals(new int[] {10, 84}, (int[]) rows.get("fc3").get("compactedShape"));
        int[] conv1Cut = (int[]) rows.get("conv1").get("prunedOutputs");
        assertEquals(3, conv1Cut.length);
        assertArrayEquals(conv1Cut, (int[]) rows.get("conv1").get("removedOutputs"));
        assertArrayEquals(conv1Cut, (int[]) rows.get("conv2").get("removedInputs"));
        assertEquals(200, ((int[]) rows.get("fc1").get("removedInputs")).length, "8 removed planes of 25 features");

        String table = cli("structure", Long.toString(pid));
        assertTrue(table.contains("MACs 199,968 -> 62,268"), table);
        assertTrue(table.lines().anyMatch(line -> line.matches("conv1\\s+\\[6, 1, 3, 3]\\s+\\[3, 1, 3, 3]\\s+3/6.*")),
                table);
        String json = cli("structure", Long.toString(pid), "--json");
        assertTrue(json.startsWith("{\"model\":\"LeNet\","), json);
        assertTrue(json.contains("\"macs\":199968,\"compactedMacs\":62268"), json);
    }

    /** {@code java -jar jprune.jar ARGS}; fails unless it exits with 0. */
    private static String cli(String... args) throws Exception {
        Path jprune = Paths.get(System.getProperty("jprune.jar", "target/jprune.jar")).toAbsolutePath();
        List<String> command = new ArrayList<>(List.of(Paths.get(System.getProperty("java.home"), "bin", "java")
                .toString(), "-jar", jprune.toString()));
        command.addAll(List.of(args));
        File out = File.createTempFile("jprune-cli", ".out");
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out).start();
            assertTrue(process.waitFor(120, TimeUnit.SECONDS), "jprune " + String.join(" ", args) + " hangs");
            String output = Files.readString(out.toPath(), StandardCharsets.UTF_8);
            assertEquals(0, process.exitValue(), output);
            return output;
        } finally {
            Files.deleteIfExists(out.toPath());
        }
    }

    /** The model's own logits for every image, computed by the app's forward through the model MBean. */
    private static List<float[]> logits(JmxConsole model, float[][] images) throws Exception {
        List<float[]> logits = new ArrayList<>();
        for (float[] image : images) {
            logits.add((float[]) model.invoke("forward", (Object) image));
        }
        return logits;
    }

    private static int correct(List<float[]> logits, int[] labels) {
        int correct = 0;
        for (int i = 0; i < labels.length; i++) {
            float[] row = logits.get(i);
            int best = 0;
            for (int c = 1; c < row.length; c++) {
                if (row[c] > row[best]) {
                    best = c;
                }
            }
            correct += best == labels[i] ? 1 : 0;
        }
        return correct;
    }

    private static Map<String, float[]> tensors(JmxConsole model) throws Exception {
        Map<String, float[]> tensors = new LinkedHashMap<>();
        for (String name : PARAMETERS) {
            tensors.put(name, model.tensor(name));
        }
        return tensors;
    }

    private static Map<String, String> shapes(JmxConsole model) throws Exception {
        Map<String, String> shapes = new LinkedHashMap<>();
        for (CompositeData row : model.rows("namedParameters", "")) {
            shapes.put((String) row.get("name"), Arrays.toString((int[]) row.get("shape")));
        }
        return shapes;
    }

    /** The repr that {@code namedModules()} lists for one module. */
    private static String moduleRepr(JmxConsole model, String module) throws Exception {
        for (CompositeData row : model.rows("namedModules")) {
            if (module.equals(row.get("name"))) {
                return (String) row.get("repr");
            }
        }
        throw new AssertionError("no module " + module);
    }

    private static Map<String, String> shapes(String... shapes) {
        Map<String, String> named = new LinkedHashMap<>();
        for (int i = 0; i < shapes.length; i++) {
            named.put(PARAMETERS.get(i), shapes[i]);
        }
        return named;
    }

    /** The app's accuracy over a pass that began after {@code afterMillis}. */
    private static double accuracyOfAPassStartedAfter(DemoApp app, JmxConsole inference, long afterMillis)
            throws Exception {
        return (double) app.ofAPassStartedAfter(inference, "Accuracy", afterMillis, PASS);
    }

    private static boolean registered(MBeanServerConnection connection, ObjectName name) {
        try {
            return connection.isRegistered(name);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static long passes(MBeanServerConnection connection, ObjectName name) {
        try {
            return connection.isRegistered(name) ? (long) connection.getAttribute(name, "PassesCompleted") : 0;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
