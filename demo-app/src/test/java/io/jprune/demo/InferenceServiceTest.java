package io.jprune.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class InferenceServiceTest {

    /** A periodic log line once a pass has completed. */
    static final Pattern REPORT_LINE = Pattern.compile("(?m)^jprune-demo: accuracy \\d+\\.\\d\\d% \\(\\d+/2000\\) "
            + "\\| latency p50 \\d+\\.\\d+ ms, p99 \\d+\\.\\d+ ms per image \\| \\d+\\.\\d passes done$");

    /** Output of a child JVM. */
    record Run(int exitCode, String stdout, String stderr) {
    }

    static Run runChild(String... args) throws Exception {
        String java = ProcessHandle.current().info().command().orElse(
                Path.of(System.getProperty("java.home"), "bin", "java").toString());
        String classes = Path.of(InferenceService.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx256m", "-cp", classes,
                InferenceService.class.getName()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).start();
        p.getOutputStream().close();
        // small outputs: read stderr on a helper thread so neither pipe can fill up
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Thread errReader = new Thread(() -> {
            try {
                p.getErrorStream().transferTo(err);
            } catch (java.io.IOException ignored) {
                // process gone
            }
        });
        errReader.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("child JVM did not exit: " + cmd);
        }
        errReader.join();
        return new Run(p.exitValue(), out, err.toString(StandardCharsets.UTF_8));
    }

    @Test
    @Timeout(60)
    void boundedRunInChildJvm() throws Exception {
        Run run = runChild("--passes", "2", "--report-ms", "200");
        assertEquals(0, run.exitCode(), run.stdout() + run.stderr());
        assertTrue(run.stdout().startsWith("jprune-demo: LeNet loaded (60,074 parameters), 2,000 test digits, "
                + "2 inference threads\n"), run.stdout());
        Matcher m = Pattern.compile("(?m)^jprune-demo: final accuracy (\\d+\\.\\d\\d)% \\((\\d+)/2000\\) after 2 passes$")
                .matcher(run.stdout());
        assertTrue(m.find(), run.stdout());
        double percent = Double.parseDouble(m.group(1));
        int correct = Integer.parseInt(m.group(2));
        assertTrue(percent >= 97.0, run.stdout());
        assertEquals(CommittedModelTest.EXPECTED_CORRECT, correct);
        assertFalse(run.stdout().contains("error"), run.stdout());
        assertEquals("", run.stderr());
    }

    @Test
    @Timeout(60)
    void badFlagExits2WithUsage() throws Exception {
        Run run = runChild("--bogus");
        assertEquals(2, run.exitCode());
        assertTrue(run.stderr().contains("unknown option --bogus"), run.stderr());
        assertTrue(run.stderr().contains("usage:"), run.stderr());
        assertFalse(run.stderr().contains("Exception"), run.stderr());
        assertEquals("", run.stdout());
    }

    @Test
    @Timeout(60)
    void helpExits0() throws Exception {
        Run run = runChild("--help");
        assertEquals(0, run.exitCode());
        assertTrue(run.stdout().startsWith("usage:"), run.stdout());
        assertEquals("", run.stderr());
    }

    @Test
    void optionParsing() throws Exception {
        InferenceService.Options o = InferenceService.Options.parse();
        assertEquals(2, o.threads);
        assertEquals(1000, o.reportMillis);
        assertEquals(0, o.passes);
        o = InferenceService.Options.parse("--threads", "3", "--report-ms=250", "--passes", "5");
        assertEquals(3, o.threads);
        assertEquals(250, o.reportMillis);
        assertEquals(5, o.passes);
        assertTrue(InferenceService.Options.parse("-h").help);
        for (String[] bad : List.of(new String[] {"--threads"}, new String[] {"--threads", "0"},
                new String[] {"--threads", "x"}, new String[] {"--passes", "-1"}, new String[] {"extra"},
                new String[] {"--report-ms", "1.5"})) {
            assertThrows(InferenceService.UsageException.class, () -> InferenceService.Options.parse(bad));
        }
    }

    @Test
    void percentiles() {
        long[] sorted = new long[100];
        for (int i = 0; i < 100; i++) {
            sorted[i] = i + 1;
        }
        assertEquals(50, InferenceService.percentile(sorted, 0.50));
        assertEquals(99, InferenceService.percentile(sorted, 0.99));
        assertEquals(7, InferenceService.percentile(new long[] {7}, 0.99));
    }

    @Test
    @Timeout(60)
    void mbeanIsRegisteredWithSaneValues() throws Exception {
        Mnist test = Mnist.test();
        ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
        PrintStream log = new PrintStream(logBytes, true, StandardCharsets.UTF_8);
        InferenceService service = new InferenceService(Weights.loadLeNet(), test.images(), test.labels(), 2, 100,
                0, log);
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName name = new ObjectName("demo:type=Inference");
        long before = System.currentTimeMillis();
        service.start();
        try {
            assertTrue(server.isRegistered(name));
            while ((long) server.getAttribute(name, "PassesCompleted") < 1
                    || (double) server.getAttribute(name, "LatencyP50Micros") <= 0
                    || !REPORT_LINE.matcher(logBytes.toString(StandardCharsets.UTF_8)).find()) {
                Thread.sleep(50);
            }
            double accuracy = (double) server.getAttribute(name, "Accuracy");
            int correct = (int) server.getAttribute(name, "Correct");
            int total = (int) server.getAttribute(name, "Total");
            double p50 = (double) server.getAttribute(name, "LatencyP50Micros");
            double p99 = (double) server.getAttribute(name, "LatencyP99Micros");
            long started = (long) server.getAttribute(name, "LastPassStartedAtMillis");
            long completed = (long) server.getAttribute(name, "LastPassCompletedAtMillis");
            assertTrue(accuracy >= 0.97 && accuracy <= 1.0, "accuracy " + accuracy);
            assertEquals(2000, total);
            assertEquals(CommittedModelTest.EXPECTED_CORRECT, correct);
            assertEquals(correct / 2000.0, accuracy);
            assertTrue(p50 > 0 && p50 <= p99, "p50 " + p50 + " p99 " + p99);
            assertTrue(before <= started && started <= completed && completed <= System.currentTimeMillis());
            assertTrue((long) server.getAttribute(name, "PassesCompleted") >= 1);
            assertEquals(0L, server.getAttribute(name, "Errors"));
            assertEquals(2, server.getAttribute(name, "Threads"));
            for (var attr : server.getMBeanInfo(name).getAttributes()) {
                assertTrue(attr.isReadable() && !attr.isWritable(), attr.getName());
            }
        } finally {
            service.stop();
        }
        assertFalse(server.isRegistered(name));
    }
}
