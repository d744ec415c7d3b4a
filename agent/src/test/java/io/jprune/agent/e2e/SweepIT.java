package io.jprune.agent.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.management.MBeanServerConnection;
import javax.management.Notification;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.xml.parsers.DocumentBuilderFactory;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

/**
 * The walkthrough on the real demo service with the real agent and command line: {@code jprune sweep}
 * over LeNet's five weights and amounts 0.1 to 0.9 on 512 captured inputs; the same prunes applied live, one at a
 * time, with the service's own accuracy read after a full pass; the sweep's curves rank the settings as the live
 * accuracy does (Spearman's rho, printed; see the assertion for what it can reach). A Flight Recorder recording of
 * it all, read back with {@code jdk.jfr.consumer}, and a JMX listener on the model's MBean hold one event and one notification per change.
 */
class SweepIT {
    private static final Duration STARTUP = Duration.ofSeconds(60);
    private static final List<String> WEIGHTS = List.of("conv1.weight", "conv2.weight", "fc1.weight", "fc2.weight",
            "fc3.weight");
    private static final int AMOUNTS = 9;
    private static final String INPUTS = System.getProperty("it.sweep.inputs", "512");

    @Test
    void theSweepRanksPrunesAsTheServicesOwnAccuracyDoesAndEveryChangeIsOnRecord(@TempDir Path dir)
            throws Exception {
        Path recording = dir.resolve("walkthrough.jfr");
        Path out = dir.resolve("sweep");
        List<Notification> notifications = new CopyOnWriteArrayList<>();
        Map<String, Double> swept;
        Map<String, Double> cosine;
        Map<String, Double> live = new LinkedHashMap<>();
        try (DemoApp app = DemoApp.Launch.demo()
                .jvmArgs("-XX:StartFlightRecording=filename=" + recording + ",dumponexit=true").start()) {
            MBeanServerConnection connection = app.connect();
            ObjectName modelName = new ObjectName("io.jprune:type=Model,name=LeNet");
            app.await("the LeNet model MBean", STARTUP, () -> registered(connection, modelName));
            connection.addNotificationListener(modelName, (notification, handback) -> notifications.add(notification),
                    null, null);
            JmxConsole model = new JmxConsole(connection, modelName);
            JmxConsole inference = new JmxConsole(connection, new ObjectName("demo:type=Inference"));

            Cli sweep = Cli.run(240, "sweep", Long.toString(app.pid()), "--inputs", INPUTS, "--cpu",
                    System.getProperty("it.sweep.cpu", "0.25"), "--out", out.toString(), "--propose", "0.6");
            assertEquals(0, sweep.status, sweep.err + sweep.out);
            System.out.println(sweep.out);
            swept = csv(out.resolve("LeNet-sweep.csv"), 4);
            cosine = csv(out.resolve("LeNet-sweep.csv"), 5);
            assertEquals(WEIGHTS.size() * AMOUNTS, swept.size(), sweep.out);
            assertTrue(sweep.out.contains("on " + INPUTS + " captured inputs (classifier outputs)"), sweep.out);
            checkChart(out.resolve("LeNet-sweep.svg"));
            String plan = Files.readString(out.resolve("LeNet-plan.json"));
            assertTrue(plan.contains("\"steps\": [") && plan.contains("\"method\": \"l1_unstructured\""), plan);

            for (String param : WEIGHTS) {
                for (int a = 1; a <= AMOUNTS; a++) {
                    String amount = "0." + a;
                    model.invoke("l1Unstructured", param, amount);
                    long changed = System.currentTimeMillis();
                    live.put(param + " " + amount, (Double) app.ofAPassStartedAfter(inference, "Accuracy", changed,
                            STARTUP));
                    model.invoke("restore");
                }
            }
            int changes = 3 * WEIGHTS.size() * AMOUNTS;
            app.await(changes + " change notifications", STARTUP, () -> notifications.stream()
                    .filter(notification -> notification.getType().startsWith("io.jprune.change.")).count() >= changes);
        }

        double rho = spearman(swept, live);
        double rhoCosine = spearman(cosine, live);
        System.out.println("Spearman rho between the sweep's top-1 agreement and the live accuracy: " + rho
                + "; between its cosine similarity and the live accuracy: " + rhoCosine);
        // The damaging prunes are ranked alike. Among the harmless ones (live accuracy within a few tenths of a
        // percent of the unpruned 98.40%, where a prune can even gain a digit or two) the ranking is noise that no
        // figure on 512 inputs can predict: docs/sweep-ranking-ceiling.py measures, over 50 draws of 512 inputs,
        // top-1 agreement at rho 0.82 on average (0.68 to 0.93), the cosine similarity steadily at 0.87, and an
        // oracle that knows the 512 inputs' labels at 0.90 on average (0.79 to 0.97): the 0.9 is the
        // labelled oracle's mean, out of reach of a label-free sweep. The bars below hold with margin; a sweep
        // that pruned the wrong parameter or nothing gives about 0.
        assertTrue(rhoCosine >= 0.8, "cosine rho " + rhoCosine + "; sweep " + cosine + "; live " + live);
        assertTrue(rho >= 0.5, "top-1 rho " + rho + "; sweep " + swept + "; live " + live);

        List<RecordedEvent> events = RecordingFile.readAllEvents(recording).stream()
                .filter(event -> event.getEventType().getName().equals("io.jprune.ModelChange")).toList();
        int points = WEIGHTS.size() * AMOUNTS;
        assertEquals(Map.of("sweep-step", points, "prune", points, "restore", points), count(events));
        for (RecordedEvent event : events) {
            assertEquals("LeNet", event.getString("model"));
            assertTrue(event.getString("caller").startsWith("jmx rmi://"), event.getString("caller"));
            boolean wholeModel = event.getString("kind").equals("restore");
            assertEquals(wholeModel, event.getString("parameter").isEmpty(), event.toString());
            if (!wholeModel) {
                assertTrue(WEIGHTS.contains(event.getString("parameter")), event.toString());
                assertEquals("l1_unstructured", event.getString("method"));
                double amount = Double.parseDouble(event.getString("amount"));
                assertEquals(amount, event.getDouble("sparsityAfter"), 0.01, event.toString());
                assertEquals(0.0, event.getDouble("sparsityBefore"), event.toString());
            }
        }
        List<Notification> changes = notifications.stream()
                .filter(notification -> notification.getType().startsWith("io.jprune.change.")).toList();
        assertEquals(3 * points, changes.size(), "one notification per change");
        for (Notification notification : changes) {
            CompositeData data = (CompositeData) notification.getUserData();
            assertEquals(notification.getType(), "io.jprune.change." + data.get("kind"));
        }
        assertTrue(notifications.stream().anyMatch(n -> n.getType().equals("io.jprune.sweep.progress")),
                "progress is notified");
    }

    /** The chart parses as XML, is an SVG with one curve of nine points per weight, and names each weight. */
    private static void checkChart(Path svg) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        Document document = factory.newDocumentBuilder().parse(svg.toFile());
        assertEquals("svg", document.getDocumentElement().getLocalName());
        var curves = document.getElementsByTagNameNS("http://www.w3.org/2000/svg", "polyline");
        assertEquals(WEIGHTS.size(), curves.getLength());
        for (int i = 0; i < curves.getLength(); i++) {
            var curve = (org.w3c.dom.Element) curves.item(i);
            assertEquals(WEIGHTS.get(i), curve.getAttribute("data-parameter"));
            assertEquals(AMOUNTS, curve.getAttribute("points").trim().split(" ").length);
        }
        String text = Files.readString(svg);
        for (String weight : WEIGHTS) {
            assertTrue(text.contains(">" + weight + "</text>"), "legend names " + weight);
        }
    }

    private static Map<String, Double> csv(Path file, int column) throws Exception {
        Map<String, Double> agreement = new LinkedHashMap<>();
        List<String> lines = Files.readAllLines(file);
        assertEquals("parameter,amount,sparsity,numel,top1_agreement,cosine_similarity,max_abs_difference",
                lines.get(0));
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",");
            agreement.put(cells[0] + " " + cells[1], Double.parseDouble(cells[column]));
        }
        return agreement;
    }

    private static Map<String, Integer> count(List<RecordedEvent> events) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (RecordedEvent event : events) {
            counts.merge(event.getString("kind"), 1, Integer::sum);
        }
        return counts;
    }

    /** Spearman's rank correlation over the keys of {@code a}, with tied values given their mean rank. */
    static double spearman(Map<String, Double> a, Map<String, Double> b) {
        List<String> keys = new ArrayList<>(a.keySet());
        double[] x = ranks(keys.stream().mapToDouble(a::get).toArray());
        double[] y = ranks(keys.stream().mapToDouble(b::get).toArray());
        double mx = java.util.Arrays.stream(x).average().orElse(0);
        double my = java.util.Arrays.stream(y).average().orElse(0);
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int i = 0; i < x.length; i++) {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
            syy += (y[i] - my) * (y[i] - my);
        }
        return sxy / Math.sqrt(sxx * syy);
    }

    private static double[] ranks(double[] values) {
        double[] ranks = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            int below = 0;
            int equal = 0;
            for (double other : values) {
                below += other < values[i] ? 1 : 0;
                equal += other == values[i] ? 1 : 0;
            }
            ranks[i] = below + (equal + 1) / 2.0;
        }
        return ranks;
    }

    private static boolean registered(MBeanServerConnection connection, ObjectName name) {
        try {
            return connection.isRegistered(name);
        } catch (java.io.IOException e) {
            return false;
        }
    }

    /** One run of {@code java -jar jprune.jar ...}. */
    private record Cli(int status, String out, String err) {
        static Cli run(long limitSeconds, String... args) throws Exception {
            List<String> command = new ArrayList<>(List.of(ChildJava.current().executable().toString(), "-jar",
                    Path.of(System.getProperty("jprune.jar")).toAbsolutePath().toString()));
            command.addAll(List.of(args));
            File out = File.createTempFile("jprune-sweep-it", ".out");
            File err = File.createTempFile("jprune-sweep-it", ".err");
            try {
                Process process = new ProcessBuilder(command).redirectOutput(out).redirectError(err).start();
                if (!process.waitFor(limitSeconds, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new AssertionError(String.join(" ", args) + " did not finish in " + limitSeconds + " s");
                }
                return new Cli(process.exitValue(), Files.readString(out.toPath(), StandardCharsets.UTF_8),
                        Files.readString(err.toPath(), StandardCharsets.UTF_8));
            } finally {
                out.delete();
                err.delete();
            }
        }
    }
}
