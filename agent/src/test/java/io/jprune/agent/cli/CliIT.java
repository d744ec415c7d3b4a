package io.jprune.agent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The command line as a user runs it: {@code java -jar jprune.jar ...} in child processes, against the demo service
 * started with the real agent ({@code -javaagent:jprune.jar}). Human output and {@code --json} are both checked,
 * the JSON by value (masks against values, restored weights bit for bit against the originals).
 */
class CliIT {

    private static final long COMMAND_LIMIT_SECONDS = 120;
    private static Path jprune;
    private static Process app;
    private static String pid;
    private static Path appLog;

    @BeforeAll
    static void startTheDemoServiceWithJprune() throws Exception {
        jprune = Path.of(System.getProperty("jprune.jar", "target/jprune.jar")).toAbsolutePath();
        Path demo = Path.of(System.getProperty("demo.jar", "../demo-app/target/demo-app.jar")).toAbsolutePath();
        assertTrue(Files.isRegularFile(jprune), jprune + " is missing: package the agent module first");
        assertTrue(Files.isRegularFile(demo), demo + " is missing: package the demo-app module first");
        appLog = Files.createTempFile("jprune-cli-it-demo", ".log");
        app = new ProcessBuilder(java(), "-javaagent:" + jprune, "-jar", demo.toString(), "--threads", "1",
                "--report-ms", "60000")
                .redirectErrorStream(true).redirectOutput(appLog.toFile()).start();
        pid = Long.toString(app.pid());
        for (int attempt = 0; !listedWithModel(); attempt++) {
            if (!app.isAlive() || attempt > 120) {
                fail("jprune list never showed the demo service with its model; its log:\n"
                        + Files.readString(appLog));
            }
            Thread.sleep(500);
        }
    }

    private static boolean listedWithModel() throws Exception {
        Result list = jprune("list", "--json");
        for (Object entry : MiniJson.array(list.out)) {
            Map<?, ?> jvm = (Map<?, ?>) entry;
            if (jvm.get("pid").equals(Double.valueOf(pid)) && jvm.get("models") instanceof List<?> models
                    && models.contains("LeNet")) {
                return true;
            }
        }
        return false;
    }

    @AfterAll
    static void stopTheDemoService() throws Exception {
        if (app != null) {
            app.destroy();
            app.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void versionsTyposAndScriptOutputFromTheRealJar() throws Exception {
        String version = System.getProperty("it.jprune.version");
        assertEquals("jprune " + version + "\n", jprune("--version").out);
        assertEquals("jprune " + version + "\njprune " + version + " in JVM " + pid + "\n", jprune("version", pid).out);
        Result typo = jprune("lsit");
        assertEquals(2, typo.status);
        assertTrue(typo.err.startsWith("jprune: unknown command 'lsit'; did you mean 'list'?\n"), typo.err);
        Map<?, ?> backend = (Map<?, ?>) MiniJson.parse(jprune("backend", pid, "--json").out);
        assertTrue(List.of("cpu", "cuda").contains(backend.get("backend")), backend.toString());
        assertTrue(backend.get("reason") instanceof String, backend.toString());
    }

    @Test
    void listModulesParametersPruneChannelsRestore() throws Exception {
        Result list = jprune("list");
        assertTrue(list.out.lines().anyMatch(line -> line.matches("\\s*" + pid + "\\s+\\S+\\s+LeNet\\s+.*demo-app\\.jar.*")),
                list.out);

        Result modules = jprune("modules", pid, "--json");
        List<Object> moduleList = MiniJson.array(modules.out);
        assertEquals(List.of("", "conv1", "conv2", "fc1", "fc2", "fc3"),
                moduleList.stream().map(m -> ((Map<?, ?>) m).get("name")).toList());
        assertEquals(List.of("LeNet", "Conv2d", "Conv2d", "Linear", "Linear", "Linear"),
                moduleList.stream().map(m -> ((Map<?, ?>) m).get("type")).toList());
        assertTrue(jprune("modules", pid).out.contains("\nconv1  Conv2d  Conv2d(1, 6, kernel_size=(3, 3), stride=(1, 1))\n"));

        assertEquals("""
                NAME    SHAPE         NUMEL  ZEROS  SPARSITY
                weight  [6, 1, 3, 3]     54      0      0.0%
                bias    [6]               6      0      0.0%
                """, jprune("parameters", pid, "conv1").out);
        assertEquals("[{\"name\":\"weight\",\"shape\":[6,1,3,3],\"numel\":54,\"zeros\":0,\"sparsity\":0.0},"
                + "{\"name\":\"bias\",\"shape\":[6],\"numel\":6,\"zeros\":0,\"sparsity\":0.0}]\n",
                jprune("parameters", pid, "conv1", "--json").out);
        List<Object> original = values("conv1.weight");

        assertEquals("conv1.weight: random_unstructured amount=0.3 -> 16 of 54 pruned (29.6%)\n",
                jprune("prune", pid, "random_unstructured", "conv1.weight", "--amount", "0.3", "--seed", "2024").out);
        assertEquals("""
                NAME         SHAPE         NUMEL  ZEROS  SPARSITY
                bias         [6]               6      0      0.0%
                weight_orig  [6, 1, 3, 3]     54      0      0.0%
                """, jprune("parameters", pid, "conv1").out);
        assertEquals("[{\"name\":\"weight_mask\",\"shape\":[6,1,3,3],\"numel\":54,\"zeros\":16,\"sparsity\":"
                + (16 / 54.0) + "}]\n", jprune("buffers", pid, "conv1", "--json").out);
        List<Object> mask = values("conv1.weight_mask");
        assertEquals(original, values("conv1.weight_orig"), "weight_orig holds the original values");
        List<Object> effective = values("conv1.weight");
        for (int i = 0; i < 54; i++) {
            double m = (Double) mask.get(i);
            assertTrue(m == 0 || m == 1, "mask values are 0 or 1");
            assertEquals(m == 0 ? 0.0 : (Double) original.get(i), Math.abs((Double) effective.get(i)) == 0 ? 0.0
                    : (Double) effective.get(i), "weight = weight_orig * weight_mask at " + i);
        }
        assertEquals(16, mask.stream().filter(v -> (Double) v == 0).count());
        assertTrue(jprune("describe", pid, "conv1").out.startsWith(
                "[('bias', Parameter containing:\ntensor(["), "describe prints PyTorch's list");
        assertTrue(jprune("tensor", pid, "conv1.weight_mask").out.startsWith("tensor([[[[1., "),
                "the mask prints as PyTorch prints a float mask");

        Result refused = jprune("prune", pid, "l1_unstructured", "conv1.weight", "--amount", "1.5");
        assertEquals(1, refused.status);
        assertEquals("jprune: amount=1.5 should either be a float in the range [0, 1] or a non-negative integer\n",
                refused.err);
        assertEquals(mask, values("conv1.weight_mask"), "a refused prune changes nothing");
        Result usage = jprune("prune", pid, "ln_structured", "conv1.weight", "--amount", "0.5");
        assertEquals(2, usage.status);
        assertTrue(usage.err.startsWith("jprune: ln_structured needs --"), usage.err);

        assertEquals(0, jprune("prune", pid, "ln_structured", "conv1.weight", "--amount", "0.5", "--n", "2", "--dim",
                "0").status);
        Map<String, Object> channels = MiniJson.object(jprune("channels", pid, "conv1.weight", "--dim", "0", "--json").out);
        assertEquals(6.0, channels.get("size"));
        List<?> cut = (List<?>) channels.get("pruned");
        assertEquals(3, cut.size(), "amount=0.5 of 6 channels");
        List<Object> structuredMask = values("conv1.weight_mask");
        for (int channel = 0; channel < 6; channel++) {
            boolean allZero = structuredMask.subList(channel * 9, channel * 9 + 9).stream().allMatch(v -> (Double) v == 0);
            assertEquals(cut.contains((double) channel), allZero, "channel " + channel + " of " + cut);
        }
        String human = jprune("channels", pid, "conv1.weight", "--dim", "0").out;
        assertEquals("conv1.weight: 3 of 6 slices along dim 0 pruned: " + cut.stream()
                .map(c -> Integer.toString(((Double) c).intValue())).reduce((a, b) -> a + ", " + b).orElseThrow()
                + "\n", human);
        assertEquals("[{\"name\":\"LeNet\",\"pruned\":true}]\n", jprune("models", pid, "--json").out);

        assertEquals("LeNet: restored 1 parameter: conv1.weight\n", jprune("restore", pid).out);
        assertEquals("[]\n", jprune("buffers", pid, "--json").out);
        assertEquals(original, values("conv1.weight"), "restore brings back every bit");
        assertEquals("[{\"name\":\"LeNet\",\"pruned\":false}]\n", jprune("models", pid, "--json").out);
        assertEquals("2000\n", jprune("attribute", pid, "demo:type=Inference", "Total").out);
        assertTrue(app.isAlive());
    }

    @Test
    void refusesJvmsWithoutJpruneAndMissingProcesses() throws Exception {
        String self = Long.toString(ProcessHandle.current().pid());
        Result notJprune = jprune("modules", self);
        assertEquals(1, notJprune.status);
        assertTrue(notJprune.err.matches("jprune: JVM " + self + " \\(.*\\) is not running jprune; start it with "
                + "-javaagent:jprune.jar\n"), notJprune.err);
        assertFalse(jprune("list").out.contains("\n" + self + " "), "list shows only JVMs running jprune");

        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Result missing = jprune("parameters", Long.toString(gone.pid()));
        assertEquals(new Result(1, "", "jprune: no process with pid " + gone.pid() + "\n"), missing);
        Result help = jprune("--help");
        assertEquals(0, help.status);
        assertTrue(help.out.startsWith("usage: java -jar jprune.jar <command> [arguments] [--json]\n"), help.out);
        assertNotEquals(0, jprune().status);
    }

    private static List<Object> values(String name) throws Exception {
        Result tensor = jprune("tensor", pid, name, "--json");
        assertEquals(0, tensor.status, tensor.err);
        Map<String, Object> json = MiniJson.object(tensor.out);
        assertEquals(name, json.get("name"));
        @SuppressWarnings("unchecked")
        List<Object> values = (List<Object>) json.get("values");
        return values;
    }

    private record Result(int status, String out, String err) {
    }

    private static Result jprune(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(java(), "-jar", jprune.toString()));
        command.addAll(List.of(args));
        File out = File.createTempFile("jprune-cli-it", ".out");
        File err = File.createTempFile("jprune-cli-it", ".err");
        try {
            Process process = new ProcessBuilder(command).redirectOutput(out).redirectError(err).start();
            if (!process.waitFor(COMMAND_LIMIT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                fail(String.join(" ", args) + " did not finish");
            }
            return new Result(process.exitValue(), Files.readString(out.toPath(), StandardCharsets.UTF_8),
                    Files.readString(err.toPath(), StandardCharsets.UTF_8));
        } finally {
            out.delete();
            err.delete();
        }
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
