package io.jprune.agent.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jprune.runtime.jmx.MBeanPublisher;
import io.jprune.runtime.jmx.ModelMXBean;
import io.jprune.testmodels.TinyNet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.management.JMX;
import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real subcommands, run through {@link Main#run}, against jprune's real Agent and Model MBeans over a
 * {@link TinyNet} in a private MBean server: checks the exact output, the exit codes, and what each command did to
 * the model (its masks and weights, read back over JMX).
 */
class CommandsTest {

    private MBeanServer server;
    private InProcessJprune jprune;
    private JvmConnector connector;

    @BeforeEach
    void registerOneModel() {
        server = MBeanServerFactory.newMBeanServer();
        jprune = new InProcessJprune(server);
        assertEquals("TinyNet", jprune.add(new TinyNet()));
        connector = new InProcessConnector(server, true, List.of(
                new JpruneJvm(42, "0.1.0-test", "demo-app.jar --threads 1", List.of("TinyNet")),
                new JpruneJvm(1234, "0.1.0-test", "other.Main", null)));
    }

    private CliRun run(String... args) {
        return CliRun.of(connector, "", args);
    }

    private CliRun runWithStdin(String stdin, String... args) {
        return CliRun.of(connector, stdin, args);
    }

    /** The model as a Java client sees it, to check what a command changed. */
    private ModelMXBean model() {
        return JMX.newMXBeanProxy(server, MBeanPublisher.modelObjectName("TinyNet"), ModelMXBean.class);
    }

    private static void assertOk(String expectedOut, CliRun run) {
        assertEquals("", run.err(), "stderr");
        assertEquals(expectedOut, run.out());
        assertEquals(0, run.status());
    }

    private static void assertFails(int status, String expectedErrFirstLine, CliRun run) {
        assertEquals(expectedErrFirstLine, run.err().lines().findFirst().orElse(""), run.err());
        assertEquals(status, run.status());
        assertEquals("", run.out());
    }

    @Test
    void parametersTable() {
        assertOk("""
                NAME          SHAPE         NUMEL  ZEROS  SPARSITY
                conv1.weight  [2, 1, 2, 2]      8      1     12.5%
                conv1.bias    [2]               2      0      0.0%
                fc1.weight    [3, 2]            6      0      0.0%
                fc1.bias      [3]               3      3    100.0%
                """, run("parameters", "42"));
    }

    @Test
    void customMaskShowsAsWeightOrigAndWeightMask() {
        assertOk("conv1.weight: custom_from_mask -> 5 of 8 pruned (62.5%)\n",
                runWithStdin("1 0 1 1\n0 0 0 0\n", "prune", "42", "custom_from_mask", "conv1.weight", "--mask", "-"));
        assertArrayEquals(new float[] {1, 0, 1, 1, 0, 0, 0, 0}, model().tensor("conv1.weight_mask"));
        assertOk("""
                NAME         SHAPE         NUMEL  ZEROS  SPARSITY
                bias         [2]               2      0      0.0%
                weight_orig  [2, 1, 2, 2]      8      1     12.5%
                """, run("parameters", "42", "conv1"));
        assertOk("""
                NAME               SHAPE         NUMEL  ZEROS  SPARSITY
                conv1.weight_mask  [2, 1, 2, 2]      8      5     62.5%
                """, run("buffers", "42"));
        assertOk("[{\"name\":\"weight_mask\",\"shape\":[2,1,2,2],\"numel\":8,\"zeros\":5,\"sparsity\":0.625}]\n",
                run("buffers", "42", "conv1", "--json"));
        assertOk("conv1.weight: 1 of 2 slices along dim 0 pruned: 1\n",
                run("channels", "42", "conv1.weight", "--dim", "0"));
        assertOk("conv1.weight: none of the 2 slices along dim 3 is pruned\n",
                run("channels", "42", "conv1.weight", "--dim", "3"));
        assertOk("{\"model\":\"TinyNet\",\"param\":\"conv1.weight\",\"dim\":0,\"size\":2,\"pruned\":[1]}\n",
                run("channels", "42", "conv1.weight", "--dim", "0", "--json"));
        assertOk("{\"model\":\"TinyNet\",\"param\":\"conv1.weight\",\"dim\":-4,\"size\":2,\"pruned\":[1]}\n",
                run("channels", "42", "conv1.weight", "--dim=-4", "--json"));
    }

    @Test
    void tensorsPrintAsPyTorchPrintsThem() {
        runWithStdin("1 0 1 1 0 0 0 0", "prune", "42", "custom_from_mask", "conv1.weight", "--mask", "-");
        assertOk("""
                tensor([[[[1., 0.],
                          [1., 1.]]],


                        [[[0., 0.],
                          [0., 0.]]]])
                """, run("tensor", "42", "conv1.weight_mask"));
        // the pruned attribute: weight_orig * weight_mask, with PyTorch's -0. for negative weights under a 0
        assertOk("""
                tensor([[[[0.5000, -0.0000],
                          [0.1250, 1.0000]]],


                        [[[-0.0000, 0.0000],
                          [0.0000, 0.0000]]]])
                """, run("tensor", "42", "conv1.weight"));
        assertOk("Parameter containing:\ntensor([ 0.1000, -0.2000], requires_grad=True)\n",
                run("tensor", "42", "conv1.bias"));
        assertOk("{\"name\":\"conv1.bias\",\"shape\":[2],\"values\":[0.1,-0.2]}\n",
                run("tensor", "42", "conv1.bias", "--json"));
    }

    @Test
    void restoreAndRemove() {
        run("prune", "42", "custom_from_mask", "fc1.weight", "--mask", writeMask());
        assertOk("fc1.weight: restored the original values\n", run("restore", "42", "fc1.weight"));
        assertOk("no buffers in the model\n", run("buffers", "42"));
        run("prune", "42", "custom_from_mask", "fc1.weight", "--mask", writeMask());
        assertOk("{\"model\":\"TinyNet\",\"param\":null,\"summary\":\"TinyNet: restored 1 parameter: fc1.weight\","
                + "\"restored\":[{\"param\":\"fc1.weight\",\"numel\":6,\"prunedBefore\":3}]}\n",
                run("restore", "42", "--json"));
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, model().tensor("fc1.weight"));
        assertFails(1, "jprune: Parameter 'fc1.weight' has to be pruned before pruning can be removed: it is not "
                + "pruned", run("remove", "42", "fc1.weight"));
        run("prune", "42", "custom_from_mask", "fc1.weight", "--mask", writeMask());
        assertOk("fc1.weight: pruning made permanent -> 3 of 6 pruned (50.0%); fc1.weight_orig and fc1.weight_mask "
                + "are freed, so restore can no longer bring fc1.weight's original values back\n",
                run("remove", "42", "fc1.weight"));
        assertArrayEquals(new float[] {1, 0, 3, 0, 5, 0}, model().tensor("fc1.weight"));
        assertOk("no buffers in the model\n", run("buffers", "42"));
        assertOk("TinyNet: not pruned, nothing to restore; cannot bring back fc1.weight (remove() made its pruning "
                + "permanent and freed its original values; 3 of 6 entries are zero)\n", run("restore", "42"));
    }

    @TempDir
    Path temp;

    private String writeMask() {
        try {
            Path file = temp.resolve("mask.txt");
            Files.writeString(file, "[[1., 0.],\n [1., 0.],\n [1., 0.]]\n");
            return file.toString();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Prunes with the command line, checks its summary and the mask it left, and restores the model. */
    private void assertPrunes(String summary, float[] mask, String... args) {
        assertOk(summary + "\n", run(args));
        assertArrayEquals(mask, model().tensor(args[3] + "_mask"), String.join(" ", args));
        assertEquals(0, run("restore", "42").status());
    }

    @Test
    void pruningMethodsPassTheirArgumentsAsPyTorchNamesThem() throws Exception {
        Path scores = temp.resolve("scores.txt");
        Files.writeString(scores, "0.5, 0.25, 1, 2, 3, 4, 5, 6");
        // |conv1.weight| is 0.5 0.25 0.125 1 | 1 0.75 0 0.5: the three smallest are entries 6, 2 and 1
        assertPrunes("conv1.weight: l1_unstructured amount=3 -> 3 of 8 pruned (37.5%)",
                new float[] {1, 0, 0, 1, 1, 1, 0, 1}, "prune", "42", "l1_unstructured", "conv1.weight", "--amount", "3");
        assertPrunes("conv1.weight: l1_unstructured amount=3 -> 3 of 8 pruned (37.5%)",
                new float[] {0, 0, 0, 1, 1, 1, 1, 1}, "prune", "42", "l1_unstructured", "conv1.weight", "--amount", "3",
                "--importance-scores", scores.toString());
        // the L2 norms of the slices along the last dim are 1.125 and 1.369: half of two slices is the first
        assertPrunes("conv1.weight: ln_structured amount=0.5 n=2 dim=-1 -> 4 of 8 pruned (50.0%)",
                new float[] {0, 1, 0, 1, 0, 1, 0, 1}, "prune", "42", "ln_structured", "conv1.weight", "--amount", "0.5",
                "--n", "2", "--dim", "-1");
        // by the scores, channel 0 has the smaller max norm (2 against 6)
        assertPrunes("conv1.weight: ln_structured amount=0.5 n=inf dim=0 -> 4 of 8 pruned (50.0%)",
                new float[] {0, 0, 0, 0, 1, 1, 1, 1}, "prune", "42", "ln_structured", "conv1.weight", "--amount", "0.5",
                "--n", "inf", "--dim", "0", "--importance-scores", scores.toString());
        assertPrunes("fc1.bias: identity -> 0 of 3 pruned (0.0%)", new float[] {1, 1, 1},
                "prune", "42", "identity", "fc1.bias");
        // one ranking over both: 0.2 of 14 entries is 3, all of them among conv1's small values
        assertOk("global_unstructured L1Unstructured(amount=0.2) over 2 parameters -> 3 of 14 pruned (21.4%): "
                + "conv1.weight 3 of 8 pruned (37.5%), fc1.weight 0 of 6 pruned (0.0%)\n", run("prune", "42", "global_unstructured", "conv1.weight", "fc1.weight",
                "--pruning-method", "L1Unstructured", "--amount", "0.2"));
        assertArrayEquals(new float[] {1, 0, 0, 1, 1, 1, 0, 1}, model().tensor("conv1.weight_mask"));
        assertArrayEquals(new float[] {1, 1, 1, 1, 1, 1}, model().tensor("fc1.weight_mask"));
    }

    @Test
    void theRandomMethodsRepeatTheirMaskForTheSameSeed() {
        for (String[] args : List.of(
                new String[] {"random_unstructured", "conv1.weight", "--amount", "0.25"},
                new String[] {"random_structured", "conv1.weight", "--amount", "1", "--dim", "0"},
                new String[] {"global_unstructured", "conv1.weight", "fc1.weight", "--pruning-method", "random",
                    "--amount", "4"})) {
            CliRun chosen = run(concat(new String[] {"prune", "42"}, args));
            assertEquals(0, chosen.status(), chosen.err());
            String[] lines = chosen.out().split("\n");
            String seed = lines[1].replaceAll("random seed (-?\\d+) .*", "$1");
            assertEquals("random seed " + seed + " (pass --seed " + seed + " to repeat this mask)", lines[1]);
            float[] mask = model().tensor("conv1.weight_mask");
            assertEquals(0, run("restore", "42").status());
            assertOk(lines[0] + "\n", run(concat(new String[] {"prune", "42"}, args, new String[] {"--seed", seed})));
            assertArrayEquals(mask, model().tensor("conv1.weight_mask"), String.join(" ", args));
            assertEquals(0, run("restore", "42").status());
        }
        CliRun json = run("prune", "42", "random_unstructured", "conv1.weight", "--amount", "0.5", "--seed", "9",
                "--json");
        assertOk("{\"model\":\"TinyNet\",\"method\":\"random_unstructured\",\"params\":[\"conv1.weight\"],"
                + "\"seed\":9,\"summary\":\"conv1.weight: random_unstructured amount=0.5 -> 4 of 8 pruned (50.0%)\","
                + "\"total\":{\"numel\":8,\"prunedBefore\":0,\"newlyPruned\":4,\"pruned\":4,\"sparsity\":0.5},"
                + "\"parameters\":[{\"param\":\"conv1.weight\",\"numel\":8,\"prunedBefore\":0,\"newlyPruned\":4,"
                + "\"pruned\":4,\"sparsity\":0.5}]}\n", json);
        // a global prune after it: the 2 smallest remaining values are conv1's (fc1's are 1 to 6)
        assertOk("{\"model\":\"TinyNet\",\"method\":\"global_unstructured\",\"params\":[\"conv1.weight\",\"fc1.weight\"],"
                + "\"summary\":\"global_unstructured L1Unstructured(amount=2) over 2 parameters -> 6 of 14 pruned (42.9%) "
                + "(4 already pruned, 2 newly pruned): conv1.weight 6 of 8 pruned (75.0%) (4 already pruned, 2 newly "
                + "pruned), fc1.weight 0 of 6 pruned (0.0%)\",\"total\":{\"numel\":14,\"prunedBefore\":4,"
                + "\"newlyPruned\":2,\"pruned\":6,\"sparsity\":0.42857142857142855},\"parameters\":[{\"param\":"
                + "\"conv1.weight\",\"numel\":8,\"prunedBefore\":4,\"newlyPruned\":2,\"pruned\":6,\"sparsity\":0.75},"
                + "{\"param\":\"fc1.weight\",\"numel\":6,\"prunedBefore\":0,\"newlyPruned\":0,\"pruned\":0,"
                + "\"sparsity\":0.0}]}\n", run("prune", "42", "global_unstructured", "conv1.weight",
                "fc1.weight", "--pruning-method", "l1", "--amount", "2", "--json"));
    }

    private static String[] concat(String[]... parts) {
        return java.util.Arrays.stream(parts).flatMap(java.util.Arrays::stream).toArray(String[]::new);
    }

    @Test
    void theMBeansRefusalIsRelayedVerbatimAndChangesNothing() {
        assertFails(1, "jprune: amount=1.5 should either be a float in the range [0, 1] or a non-negative integer",
                run("prune", "42", "random_unstructured", "conv1.weight", "--amount", "1.5", "--seed", "3"));
        assertFails(1, "jprune: mask has 3 values but conv1.weight has 8 (torch.Size([2, 1, 2, 2]))",
                runWithStdin("1 0 1", "prune", "42", "custom_from_mask", "conv1.weight", "--mask", "-"));
        assertFails(1, "jprune: Invalid index 4 for tensor of size torch.Size([2, 1, 2, 2]) (dim=4 is out of range: "
                + "conv1.weight has 4 dims, so dim must be in [-4, 3])",
                run("channels", "42", "conv1.weight", "--dim", "4"));
        assertFails(1, "jprune: method must be l1 or random (global_unstructured supports only unstructured methods); "
                + "got 'l2'",
                run("prune", "42", "global_unstructured", "fc1.weight", "--pruning-method", "l2", "--amount", "1"));
        assertFalse(model().isPruned());
        assertOk("no buffers in the model\n", run("buffers", "42"));
    }

    private String agentAttributes() {
        try {
            return String.join(", ", java.util.Arrays.stream(server.getMBeanInfo(
                    new javax.management.ObjectName("io.jprune:type=Agent")).getAttributes())
                    .map(javax.management.MBeanAttributeInfo::getName).toList());
        } catch (javax.management.JMException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void messagesSayWhatToType() {
        assertFails(2, "jprune: unknown command 'lsit'; did you mean 'list'?", run("lsit"));
        assertFails(2, "jprune: unknown pruning method 'random_unstructure'; did you mean 'random_unstructured'?; one "
                + "of: identity, random_unstructured, l1_unstructured, random_structured, ln_structured, "
                + "global_unstructured, custom_from_mask", run("prune", "42", "random_unstructure", "conv1.weight"));
        assertFails(2, "jprune: unknown option -amout; did you mean '--amount'?",
                run("prune", "42", "l1_unstructured", "conv1.weight", "-amout", "3"));
        // PyTorch's (module, name) habit, and a long option with one dash
        assertOk("conv1.weight: l1_unstructured amount=3 -> 3 of 8 pruned (37.5%)\n",
                run("prune", "42", "l1_unstructured", "conv1", "--name", "weight", "-amount", "3"));
        assertArrayEquals(new float[] {1, 0, 0, 1, 1, 1, 0, 1}, model().tensor("conv1.weight_mask"));
        assertFails(2, "jprune: conv1.weight already names the parameter: leave out --name weight",
                run("remove", "42", "conv1.weight", "--name", "weight"));
        assertFails(2, "jprune: --name does not apply to channels: jprune names parameters as PyTorch's "
                + "named_parameters() does; write MODULE.weight, e.g. conv1.weight",
                run("channels", "42", "conv1", "--name", "weight", "--dim", "0"));
        assertTrue(run("remove", "42", "conv1", "--name", "weight").out().startsWith("conv1.weight: pruning made "
                + "permanent -> 3 of 8 pruned (37.5%)"));
        assertFails(1, "jprune: Invalid index 5 for tensor of size torch.Size([3, 2]) (dim=5 is out of range: "
                + "fc1.weight has 2 dims, so dim must be in [-2, 1])",
                run("prune", "42", "random_structured", "fc1.weight", "--amount", "1", "--dim", "5", "--seed", "1"));
    }

    @Test
    void badUsageExitsWith2BeforeTouchingTheJvm() {
        assertFails(2, "jprune: random_unstructured needs --amount",
                run("prune", "42", "random_unstructured", "conv1.weight"));
        assertFails(2, "jprune: --seed does not apply to l1_unstructured",
                run("prune", "42", "l1_unstructured", "conv1.weight", "--amount", "3", "--seed", "1"));
        assertFails(2, "jprune: --seed applies only to global_unstructured --pruning-method random",
                run("prune", "42", "global_unstructured", "fc1.weight", "--pruning-method", "l1", "--amount", "1",
                        "--seed", "1"));
        assertFails(2, "jprune: unknown pruning method 'l2_unstructured'; did you mean 'l1_unstructured'?; one of: "
                        + "identity, random_unstructured, "
                        + "l1_unstructured, random_structured, ln_structured, global_unstructured, custom_from_mask",
                run("prune", "42", "l2_unstructured", "conv1.weight"));
        assertFails(2, "jprune: --dim must be an integer, got 'x'", run("channels", "42", "conv1.weight", "--dim", "x"));
        assertFails(2, "jprune: channels needs --dim", run("channels", "42", "conv1.weight"));
        assertFails(2, "jprune: <pid> must be a positive process id, got 'abc'", run("parameters", "abc"));
        assertFails(2, "jprune: missing <pid>", run("modules"));
        assertFails(2, "jprune: --amount does not apply to parameters; usage: jprune parameters <pid> [module]"
                + " [--model NAME]", run("parameters", "42", "--amount", "3"));
        assertFails(2, "jprune: too many arguments (b); usage: jprune describe <pid> <module> [--model NAME]",
                run("describe", "42", "a", "b"));
        assertFails(2, "jprune: unknown command 'purne'; did you mean 'prune'?", run("purne", "42"));
        assertFails(2, "jprune: unknown command 'frobnicate'", run("frobnicate", "42"));
        assertFails(2, "jprune: unknown option --amout; did you mean '--amount'?", run("prune", "42", "--amout", "3"));
        CliRun second = run("parameters", "42", "--amount", "3");
        assertEquals("Run 'java -jar jprune.jar --help' for usage.", second.err().lines().skip(1).findFirst().get());
        assertFalse(model().isPruned());
    }

    @Test
    void versions() {
        assertOk("jprune (unknown: not run from jprune.jar)\n", run("--version"));
        assertOk("jprune (unknown: not run from jprune.jar)\njprune 0.1.0-test in JVM 42\n", run("version", "42"));
        assertOk("{\"version\":\"(unknown: not run from jprune.jar)\",\"pid\":42,\"jvmVersion\":\"0.1.0-test\"}\n",
                run("version", "42", "--json"));
        assertFails(2, "jprune: --version goes alone: 'java -jar jprune.jar --version', or 'java -jar jprune.jar "
                + "version <pid>' for the jprune in a JVM", run("list", "--version"));
    }

    @Test
    void removeInJsonSaysItCannotBeRestored() {
        run("prune", "42", "l1_unstructured", "fc1.weight", "--amount", "2");
        CliRun removed = run("remove", "42", "fc1.weight", "--json");
        assertEquals(0, removed.status(), removed.err());
        assertTrue(removed.out().endsWith(",\"numel\":6,\"pruned\":2,\"restorable\":false}\n"), removed.out());
    }

    @Test
    void helpAndUsage() {
        CliRun help = run("--help");
        assertEquals(0, help.status());
        for (String command : List.of("list", "models <pid>", "modules <pid>", "parameters <pid> [module]",
                "buffers <pid> [module]", "describe <pid> <module>", "tensor <pid> <name>", "prune <pid> <method>",
                "remove <pid> <param>", "restore <pid> [param]", "channels <pid> <param> --dim D", "backend <pid>",
                "attribute <pid> <objectName> <attribute>")) {
            assertTrue(help.out().contains("\n  " + command), command + " missing from\n" + help.out());
        }
        CliRun none = run();
        assertEquals(2, none.status());
        assertEquals(help.out(), none.err());
        assertOk("usage: java -jar jprune.jar channels <pid> <param> --dim D [--model NAME] [--json]\n\n"
                + "indices of the slices along dim D whose mask is all zeros (the pruned channels)\n",
                run("channels", "--help"));
        assertEquals(run("channels", "--help").out(), run("help", "channels").out());
    }

    @Test
    void modelsModulesDescribeBackend() {
        assertOk("""
                MODEL    PRUNED
                TinyNet  no
                """, run("models", "42"));
        assertOk("""
                NAME   TYPE     REPR
                ""     TinyNet  TinyNet( ...)
                conv1  Conv2d   Conv2d(1, 2, kernel_size=(2, 2), stride=(1, 1))
                fc1    Linear   Linear(in_features=2, out_features=3, bias=True)
                """, run("modules", "42"));
        assertOk("[{\"name\":\"\",\"type\":\"TinyNet\",\"repr\":\"TinyNet(\\n  (conv1): Conv2d(1, 2, kernel_size=(2, 2),"
                + " stride=(1, 1))\\n  (fc1): Linear(in_features=2, out_features=3, bias=True)\\n)\"},"
                + "{\"name\":\"conv1\",\"type\":\"Conv2d\",\"repr\":\"Conv2d(1, 2, kernel_size=(2, 2), stride=(1, 1))\"},"
                + "{\"name\":\"fc1\",\"type\":\"Linear\",\"repr\":\"Linear(in_features=2, out_features=3, bias=True)\"}]\n",
                run("modules", "42", "--json"));
        assertOk("""
                [('weight', Parameter containing:
                tensor([[[[ 0.5000, -0.2500],
                          [ 0.1250,  1.0000]]],


                        [[[-1.0000,  0.7500],
                          [ 0.0000,  0.5000]]]], requires_grad=True)), ('bias', Parameter containing:
                tensor([ 0.1000, -0.2000], requires_grad=True))]
                []
                """, run("describe", "42", "conv1"));
        assertOk("cpu: libcuda.so.1 not found\njprune 0.1.0-test\n", run("backend", "42"));
        assertOk("{\"backend\":\"cpu\",\"reason\":\"libcuda.so.1 not found\",\"version\":\"0.1.0-test\"}\n",
                run("backend", "42", "--json"));
    }

    @Test
    void structureIsTheReportTheModelRenders() {
        assertEquals(0, run("prune", "42", "ln_structured", "conv1.weight", "--amount", "1", "--n", "1", "--dim", "0")
                .status());
        String rendered = jprune.bean("TinyNet").structure().render();
        assertTrue(rendered.contains("conv1"), rendered);
        assertOk(rendered, run("structure", "42"));
        assertTrue(run("structure", "42", "--json").out().startsWith("{\"model\":\"TinyNet\",\"tracedInputs\":0,"));
    }

    @Test
    void listShowsJvmsRunningJprune() {
        assertOk("""
                 PID  JPRUNE      MODELS   MAIN
                  42  0.1.0-test  TinyNet  demo-app.jar --threads 1
                1234  0.1.0-test  ?        other.Main
                """, run("list"));
        assertOk("[{\"pid\":42,\"version\":\"0.1.0-test\",\"models\":[\"TinyNet\"],\"main\":\"demo-app.jar --threads 1\"},"
                + "{\"pid\":1234,\"version\":\"0.1.0-test\",\"models\":null,\"main\":\"other.Main\"}]\n",
                run("list", "--json"));
        assertOk("no local JVM is running jprune\n",
                CliRun.of(new InProcessConnector(MBeanServerFactory.newMBeanServer(), true, List.of()), "", "list"));
    }

    @Test
    void attributeReadsAnyMBean() {
        assertOk("cpu: libcuda.so.1 not found\n", run("attribute", "42", "io.jprune:type=Agent", "Backend"));
        assertOk("[TinyNet]\n", run("attribute", "42", "io.jprune:type=Agent", "Models"));
        assertOk("{\"objectName\":\"io.jprune:type=Agent\",\"attribute\":\"Models\",\"value\":[\"TinyNet\"]}\n",
                run("attribute", "42", "io.jprune:type=Agent", "Models", "--json"));
        assertFails(1, "jprune: JVM 42 has no MBean demo:type=Inference",
                run("attribute", "42", "demo:type=Inference", "Accuracy"));
        assertFails(1, "jprune: io.jprune:type=Agent has no attribute 'Nope'; its attributes are: " + agentAttributes(),
                run("attribute", "42", "io.jprune:type=Agent", "Nope"));
        assertFails(1, "jprune: io.jprune:type=Agent has no attribute 'Backnd'; did you mean 'Backend'?; its attributes "
                + "are: " + agentAttributes(), run("attribute", "42", "io.jprune:type=Agent", "Backnd"));
        assertFails(2, "jprune: 'no-colon' is not an ObjectName: Key properties cannot be empty",
                run("attribute", "42", "no-colon", "Accuracy"));
    }

    @Test
    void severalModelsNeedModel() {
        assertEquals("TinyNet#2", jprune.add(new TinyNet()));
        assertFails(2, "jprune: JVM 42 has 2 models (TinyNet, TinyNet#2); choose one with --model NAME",
                run("parameters", "42"));
        assertOk("fc1.weight: identity -> 0 of 6 pruned (0.0%)\n",
                run("prune", "42", "identity", "fc1.weight", "--model", "TinyNet#2"));
        assertFails(1, "jprune: no model named 'ResNet' in JVM 42; its models: TinyNet, TinyNet#2",
                run("modules", "42", "--model", "ResNet"));
        assertOk("""
                MODEL      PRUNED
                TinyNet    no
                TinyNet#2  yes
                """, run("models", "42"));
    }

    @Test
    void aJvmWithoutJpruneIsRefused() {
        JvmConnector plain = new InProcessConnector(MBeanServerFactory.newMBeanServer(), false, List.of());
        assertFails(1, "jprune: JVM 42 (test) is not running jprune", CliRun.of(plain, "", "modules", "42"));
        JvmConnector noAgent = new InProcessConnector(MBeanServerFactory.newMBeanServer(), true, List.of());
        assertFails(1, "jprune: JVM 42 is not running jprune (no io.jprune:type=Agent MBean); start it with "
                + "-javaagent:jprune.jar", CliRun.of(noAgent, "", "modules", "42"));
    }
}
