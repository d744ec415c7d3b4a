package io.jprune.agent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real subcommands, run through {@link Main#run}, against a stand-in jprune registered as MXBeans in a private
 * MBean server: checks the exact output, the exit codes and the arguments that reach the MBean.
 */
class CommandsTest {

    private FakeModel model;
    private JvmConnector connector;

    @BeforeEach
    void registerOneModel() throws Exception {
        MBeanServer server = MBeanServerFactory.newMBeanServer();
        model = new FakeModel();
        FakeJprune.register(server, Map.of("TinyNet", model));
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
        assertEquals(List.of("customFromMask(conv1.weight, [1.0, 0.0, 1.0, 1.0, 0.0, 0.0, 0.0, 0.0])"), model.calls());
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
        assertOk("fc1.weight: restored\n", run("restore", "42", "fc1.weight"));
        assertOk("no buffers in the model\n", run("buffers", "42"));
        run("prune", "42", "custom_from_mask", "fc1.weight", "--mask", writeMask());
        assertOk("{\"model\":\"TinyNet\",\"param\":null,\"summary\":\"restored every parameter\"}\n",
                run("restore", "42", "--json"));
        assertFails(1, "jprune: Parameter 'weight' of module fc1.weight has to be pruned before pruning can be removed",
                run("remove", "42", "fc1.weight"));
        run("prune", "42", "custom_from_mask", "fc1.weight", "--mask", writeMask());
        assertOk("fc1.weight: pruning made permanent\n", run("remove", "42", "fc1.weight"));
        assertEquals(List.of("customFromMask(fc1.weight, [1.0, 0.0, 1.0, 0.0, 1.0, 0.0])", "restore(fc1.weight)",
                "customFromMask(fc1.weight, [1.0, 0.0, 1.0, 0.0, 1.0, 0.0])", "restore()",
                "customFromMask(fc1.weight, [1.0, 0.0, 1.0, 0.0, 1.0, 0.0])", "remove(fc1.weight)"), model.calls());
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

    @Test
    void pruningMethodsPassTheirArgumentsAsPyTorchNamesThem() throws Exception {
        Path scores = temp.resolve("scores.txt");
        Files.writeString(scores, "0.5, 0.25, 1, 2, 3, 4, 5, 6");
        assertOk("conv1.weight: random_unstructured amount=0.25 -> 2 of 8 pruned (25.0%)\n",
                run("prune", "42", "random_unstructured", "conv1.weight", "--amount", "0.25", "--seed", "7"));
        run("prune", "42", "l1_unstructured", "conv1.weight", "--amount", "3");
        run("prune", "42", "l1_unstructured", "conv1.weight", "--amount", "3", "--importance-scores", scores.toString());
        run("prune", "42", "random_structured", "conv1.weight", "--amount", "1", "--dim", "0", "--seed", "5");
        run("prune", "42", "ln_structured", "conv1.weight", "--amount", "0.5", "--n", "2", "--dim", "-1");
        run("prune", "42", "ln_structured", "conv1.weight", "--amount", "0.5", "--n", "inf", "--dim", "0",
                "--importance-scores", scores.toString());
        run("prune", "42", "global_unstructured", "conv1.weight", "fc1.weight", "--pruning-method", "L1Unstructured",
                "--amount", "0.2");
        run("prune", "42", "global_unstructured", "conv1.weight", "fc1.weight", "--pruning-method", "random",
                "--amount", "4", "--seed", "11");
        assertOk("called identity(fc1.bias)\n", run("prune", "42", "identity", "fc1.bias"));
        assertEquals(List.of(
                "randomUnstructured(conv1.weight, 0.25, 7)",
                "l1Unstructured(conv1.weight, 3)",
                "l1Unstructured(conv1.weight, 3, [0.5, 0.25, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0])",
                "randomStructured(conv1.weight, 1, 0, 5)",
                "lnStructured(conv1.weight, 0.5, 2, -1)",
                "lnStructured(conv1.weight, 0.5, inf, 0, [0.5, 0.25, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0])",
                "globalUnstructured([conv1.weight, fc1.weight], l1, 0.2, 0)",
                "globalUnstructured([conv1.weight, fc1.weight], random, 4, 11)",
                "identity(fc1.bias)"), model.calls());
    }

    @Test
    void aRandomMethodWithoutSeedShowsTheSeedItChose() {
        CliRun run = run("prune", "42", "random_unstructured", "conv1.weight", "--amount", "0.5");
        assertEquals(0, run.status(), run.err());
        String[] lines = run.out().split("\n");
        assertEquals("conv1.weight: random_unstructured amount=0.5 -> 4 of 8 pruned (50.0%)", lines[0]);
        String seed = model.calls().get(0).replaceAll(".*, (-?\\d+)\\)$", "$1");
        assertEquals("random seed " + seed + " (pass --seed " + seed + " to repeat this mask)", lines[1]);
        CliRun json = run("prune", "42", "random_unstructured", "conv1.weight", "--amount", "0.5", "--seed", "9",
                "--json");
        assertOk("{\"model\":\"TinyNet\",\"method\":\"random_unstructured\",\"params\":[\"conv1.weight\"],"
                + "\"seed\":9,\"summary\":\"conv1.weight: random_unstructured amount=0.5 -> 4 of 8 pruned (50.0%)\"}\n",
                json);
    }

    @Test
    void theMBeansRefusalIsRelayedVerbatimAndChangesNothing() {
        assertFails(1, "jprune: amount=1.5 should either be a float in the range [0, 1] or a non-negative integer",
                run("prune", "42", "random_unstructured", "conv1.weight", "--amount", "1.5", "--seed", "3"));
        assertFails(1, "jprune: mask has 3 elements, conv1.weight has 8",
                runWithStdin("1 0 1", "prune", "42", "custom_from_mask", "conv1.weight", "--mask", "-"));
        assertFails(1, "jprune: Invalid index 4 for tensor of size torch.Size([2, 1, 2, 2])",
                run("channels", "42", "conv1.weight", "--dim", "4"));
        assertFails(1, "jprune: method must be l1 or random, got 'l2'",
                run("prune", "42", "global_unstructured", "fc1.weight", "--pruning-method", "l2", "--amount", "1"));
        assertEquals(List.of(), model.calls());
        assertOk("no buffers in the model\n", run("buffers", "42"));
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
        assertFails(2, "jprune: unknown pruning method 'l2_unstructured'; one of: identity, random_unstructured, "
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
        assertFails(2, "jprune: unknown command 'purne'", run("purne", "42"));
        assertFails(2, "jprune: unknown option --amout", run("prune", "42", "--amout", "3"));
        CliRun second = run("parameters", "42", "--amount", "3");
        assertEquals("Run 'java -jar jprune.jar --help' for usage.", second.err().lines().skip(1).findFirst().get());
        assertEquals(List.of(), model.calls());
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
        assertOk("[('weight', Parameter containing:\ntensor([1., 2.], requires_grad=True))]\n[] of conv1\n",
                run("describe", "42", "conv1"));
        assertOk("cpu: libcuda.so.1 not found\njprune 0.1.0-test\n", run("backend", "42"));
        assertOk("{\"backend\":\"cpu: libcuda.so.1 not found\",\"version\":\"0.1.0-test\"}\n",
                run("backend", "42", "--json"));
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
        assertFails(1, "jprune: reading Nope of io.jprune:type=Agent: no such attribute (No such attribute: Nope)",
                run("attribute", "42", "io.jprune:type=Agent", "Nope"));
        assertFails(2, "jprune: 'no-colon' is not an ObjectName: Key properties cannot be empty",
                run("attribute", "42", "no-colon", "Accuracy"));
    }

    @Test
    void severalModelsNeedModel() throws Exception {
        MBeanServer server = MBeanServerFactory.newMBeanServer();
        Map<String, FakeModel> models = new LinkedHashMap<>();
        models.put("LeNet", new FakeModel());
        models.put("LeNet#2", new FakeModel());
        FakeJprune.register(server, models);
        JvmConnector two = new InProcessConnector(server, true, List.of());
        assertFails(2, "jprune: JVM 42 has 2 models (LeNet, LeNet#2); choose one with --model NAME",
                CliRun.of(two, "", "parameters", "42"));
        CliRun second = CliRun.of(two, "", "prune", "42", "identity", "fc1.weight", "--model", "LeNet#2");
        assertEquals("called identity(fc1.weight)\n", second.out(), second.err());
        assertEquals(List.of("identity(fc1.weight)"), models.get("LeNet#2").calls());
        assertEquals(List.of(), models.get("LeNet").calls());
        assertFails(1, "jprune: no model named 'ResNet' in JVM 42; its models: LeNet, LeNet#2",
                CliRun.of(two, "", "modules", "42", "--model", "ResNet"));
        assertOk("""
                MODEL    PRUNED
                LeNet    no
                LeNet#2  no
                """, CliRun.of(two, "", "models", "42"));
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
