package io.jprune.agent.e2e;

import static io.jprune.agent.e2e.BitAssertions.assertBitsEqual;
import static io.jprune.agent.e2e.BitAssertions.assertMaskedProduct;
import static io.jprune.agent.e2e.BitAssertions.assertTensorsBitsEqual;
import static io.jprune.agent.e2e.BitAssertions.zeros;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The whole path, on the real shaded {@code jprune.jar} and the real demo jar: a JMX console attached to the
 * running LeNet service lists the model as PyTorch would, prunes it, sees the app's own accuracy change,
 * gets PyTorch's errors for bad calls without any change, and restores every weight bit for bit; on the Java 17
 * that runs the build and on Java 25 (skipped, with the reason, where Java 25 is not installed).
 */
class DemoAppOverJmxIT {
    private static final Duration STARTUP = Duration.ofSeconds(60);
    private static final Duration PASS = Duration.ofSeconds(60);
    private static final List<String> PARAMETERS = List.of("conv1.weight", "conv1.bias", "conv2.weight",
            "conv2.bias", "fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias", "fc3.weight", "fc3.bias");

    @ParameterizedTest(name = "on {0}")
    @MethodSource("io.jprune.agent.e2e.ChildJava#both")
    void aJmxConsolePrunesTheRunningDemoLikePyTorchAndRestoresItBitForBit(ChildJava java) throws Exception {
        try (DemoApp app = DemoApp.Launch.demo().java(java.assumeInstalled()).start("--threads", "2",
                "--report-ms", "60000")) {
            MBeanServerConnection connection = app.connect();
            assertEquals(java.name(), connection.getAttribute(new ObjectName("java.lang:type=Runtime"), "SpecVersion"),
                    "the demo runs on " + java);
            ObjectName modelName = new ObjectName("io.jprune:type=Model,name=LeNet");
            ObjectName inferenceName = new ObjectName("demo:type=Inference");
            app.await("the LeNet model MBean", STARTUP, () -> registered(connection, modelName));
            app.await("a first completed pass", PASS, () -> passes(connection, inferenceName) >= 1);
            JmxConsole model = new JmxConsole(connection, modelName);
            JmxConsole agent = new JmxConsole(connection, new ObjectName("io.jprune:type=Agent"));
            JmxConsole inference = new JmxConsole(connection, inferenceName);

            assertArrayEquals(new String[] {"LeNet"}, (String[]) agent.attribute("Models"));
            assertEquals("modules=*,forward=forward,log=info,backend=auto", agent.attribute("Options"));
            assertTrue(((String) agent.attribute("Backend")).startsWith("cpu"), (String) agent.attribute("Backend"));
            double firstAccuracy = (double) inference.attribute("Accuracy");

            listsTheModelAsPyTorchWould(model);
            Map<String, float[]> original = model.tensors(PARAMETERS);
            assertEquals(0, zeros(original.get("conv1.weight")), "the trained conv1.weight has no exact zeros");

            randomUnstructuredPrunesSixteenOfFiftyFour(model, original);
            assertTrue(model.string("restore", "conv1.weight").startsWith("conv1.weight: restored"));
            assertTensorsBitsEqual(original, model.tensors(PARAMETERS));
            assertEquals(List.of("weight", "bias"), model.names("namedParameters", "conv1"));

            int[] cut = lnStructuredCutsTheThreeWeakestChannels(model, original);
            long afterPrune = System.currentTimeMillis();
            double prunedAccuracy = accuracyOfAPassStartedAfter(app, inference, afterPrune);
            assertNotEquals(firstAccuracy, prunedAccuracy, "cutting conv1 channels " + Arrays.toString(cut)
                    + " must change the app's own accuracy");

            badCallsFailWithPyTorchsTextAndChangeNothing(model);

            String restored = model.string("restore");
            assertEquals("LeNet: restored 1 parameter: conv1.weight", restored);
            assertTensorsBitsEqual(original, model.tensors(PARAMETERS));
            assertEquals(namesOf(PARAMETERS), model.names("namedParameters", ""));
            assertEquals(List.of(), model.names("namedBuffers", ""));
            assertEquals(Boolean.FALSE, model.attribute("Pruned"));
            long afterRestore = System.currentTimeMillis();
            assertEquals(firstAccuracy, accuracyOfAPassStartedAfter(app, inference, afterRestore),
                    "after restore() the app must classify exactly as before");
            assertTrue(app.isAlive());
        }
    }

    @Test
    void badAgentOptionsLeaveTheAppRunningWithoutJprune() throws Exception {
        try (DemoApp app = DemoApp.start("modules=io.jprune.demo.*,colour=blue", "--threads", "1",
                "--report-ms", "60000")) {
            MBeanServerConnection connection = app.connect();
            ObjectName inferenceName = new ObjectName("demo:type=Inference");
            app.await("a first completed pass", PASS, () -> passes(connection, inferenceName) >= 1);
            assertTrue(app.output().contains("[jprune] bad agent options 'modules=io.jprune.demo.*,colour=blue': "
                    + "unknown option 'colour'"), app.output());
            assertTrue(connection.queryNames(new ObjectName("io.jprune:*"), null).isEmpty());
            assertTrue((double) connection.getAttribute(inferenceName, "Accuracy") > 0.9);
        }
    }

    private static void listsTheModelAsPyTorchWould(JmxConsole model) throws Exception {
        CompositeData[] modules = model.rows("namedModules");
        assertEquals(List.of("", "conv1", "conv2", "fc1", "fc2", "fc3"), model.names("namedModules"));
        assertEquals(List.of("LeNet", "Conv2d", "Conv2d", "Linear", "Linear", "Linear"),
                Arrays.stream(modules).map(row -> row.get("type")).toList());
        assertEquals("Conv2d(1, 6, kernel_size=(3, 3), stride=(1, 1))", modules[1].get("repr"));
        assertEquals("Linear(in_features=400, out_features=120, bias=True)", modules[3].get("repr"));

        CompositeData[] parameters = model.rows("namedParameters", "");
        assertEquals(namesOf(PARAMETERS), model.names("namedParameters", ""));
        List<int[]> shapes = List.of(new int[] {6, 1, 3, 3}, new int[] {6}, new int[] {16, 6, 3, 3}, new int[] {16},
                new int[] {120, 400}, new int[] {120}, new int[] {84, 120}, new int[] {84}, new int[] {10, 84},
                new int[] {10});
        for (int i = 0; i < shapes.size(); i++) {
            assertArrayEquals(shapes.get(i), (int[]) parameters[i].get("shape"), PARAMETERS.get(i));
            assertEquals((long) IntStream.of(shapes.get(i)).reduce(1, (a, b) -> a * b), parameters[i].get("numel"));
        }
        assertEquals(List.of(), model.names("namedBuffers", ""));
        assertEquals(List.of("weight", "bias"), model.names("namedParameters", "conv1"));
        assertEquals(Boolean.FALSE, model.attribute("Pruned"));
    }

    private static void randomUnstructuredPrunesSixteenOfFiftyFour(JmxConsole model, Map<String, float[]> original)
            throws Exception {
        assertEquals("conv1.weight: random_unstructured amount=0.3 -> 16 of 54 pruned (29.6%)",
                model.string("randomUnstructured", "conv1.weight", "0.3", 42L));
        float[] weight = model.tensor("conv1.weight");
        float[] orig = model.tensor("conv1.weight_orig");
        float[] mask = model.tensor("conv1.weight_mask");
        assertEquals(16, zeros(weight));
        assertEquals(16, zeros(mask));
        assertBitsEqual(original.get("conv1.weight"), orig, "conv1.weight_orig is the untouched original");
        assertMaskedProduct(orig, mask, weight, "conv1.weight");
        assertEquals(List.of("bias", "weight_orig"), model.names("namedParameters", "conv1"));
        assertEquals(List.of("weight_mask"), model.names("namedBuffers", "conv1"));
        List<String> expected = new ArrayList<>(namesOf(PARAMETERS));
        expected.set(0, "conv1.bias");
        expected.set(1, "conv1.weight_orig");
        assertEquals(expected, model.names("namedParameters", ""));
        CompositeData[] buffers = model.rows("namedBuffers", "");
        assertEquals("conv1.weight_mask", buffers[0].get("name"));
        assertEquals(16L, buffers[0].get("zeros"));
        assertEquals(Boolean.TRUE, model.attribute("Pruned"));
        String describe = model.string("describe", "conv1");
        assertTrue(describe.startsWith("[('bias', Parameter containing:\ntensor(["), describe);
        assertTrue(describe.contains("('weight_orig', Parameter containing:\ntensor([[[["), describe);
        assertTrue(describe.contains("\n[('weight_mask', tensor([[[["), describe);
    }

    private static int[] lnStructuredCutsTheThreeWeakestChannels(JmxConsole model, Map<String, float[]> original)
            throws Exception {
        int[] cut = ChannelCuts.weakestByL2(original.get("conv1.weight"), 6, 3);
        assertEquals("conv1.weight: ln_structured amount=0.5 n=2 dim=0 -> 27 of 54 pruned (50.0%)",
                model.string("lnStructured", "conv1.weight", "0.5", "2", 0));
        ChannelCuts.assertOnlyCut(original.get("conv1.weight"), model.tensor("conv1.weight"), 6, cut);
        assertArrayEquals(cut, (int[]) model.invoke("prunedChannels", "conv1.weight", 0));
        assertArrayEquals(new int[0], (int[]) model.invoke("prunedChannels", "conv1.weight", 1));
        return cut;
    }

    private static void badCallsFailWithPyTorchsTextAndChangeNothing(JmxConsole model) throws Exception {
        List<String> allNames = new ArrayList<>(PARAMETERS);
        allNames.addAll(List.of("conv1.weight_orig", "conv1.weight_mask"));
        Map<String, float[]> before = model.tensors(allNames);
        List<String> parametersBefore = model.names("namedParameters", "");
        List<String> buffersBefore = model.names("namedBuffers", "");

        Map<String, Object[]> calls = new LinkedHashMap<>();
        Map<String, String> errors = new LinkedHashMap<>();
        expect(calls, errors, "IllegalArgumentException: no parameter 'conv9.weight' in model LeNet; parameters are: "
                + String.join(", ", PARAMETERS), "randomUnstructured", "conv9.weight", "0.3", 1L);
        expect(calls, errors, "IllegalArgumentException: amount=1.5 should either be a float in the range [0, 1] "
                + "or a non-negative integer", "l1Unstructured", "conv2.weight", "1.5");
        expect(calls, errors, "IllegalArgumentException: amount=-1 should either be a float in the range [0, 1] "
                + "or a non-negative integer", "l1Unstructured", "conv2.weight", "-1");
        expect(calls, errors, "IllegalArgumentException: Invalid type for amount: abc. Must be int or float.",
                "l1Unstructured", "conv2.weight", "abc");
        expect(calls, errors, "IndexOutOfBoundsException: Invalid index 4 for tensor of size torch.Size([6, 1, 3, 3]) "
                + "(dim=4 is out of range: conv1.weight has 4 dims, so dim must be in [-4, 3])",
                "lnStructured", "conv1.weight", "1", "2", 4);
        expect(calls, errors, "IllegalArgumentException: Structured pruning can only be applied to multidimensional "
                + "tensors. Found tensor of shape torch.Size([6]) with 1 dims", "lnStructured", "conv1.bias", "1",
                "2", 0);
        expect(calls, errors, "IllegalArgumentException: Parameter 'conv2.weight' has to be pruned before "
                + "pruning can be removed: it is not pruned",
                "remove", "conv2.weight");
        expect(calls, errors, "IllegalArgumentException: amount=28 should be smaller than the number of "
                + "parameters to prune=27", "l1Unstructured", "conv1.weight", "28");
        expect(calls, errors, "IllegalArgumentException: amount=1.5 should either be a float in the range [0, 1] "
                + "or a non-negative integer", "lnStructured", "conv1.weight", "1.5", "2", 0);

        for (Map.Entry<String, Object[]> call : calls.entrySet()) {
            Object[] args = call.getValue();
            String operation = (String) args[0];
            assertEquals(errors.get(call.getKey()), model.error(operation, Arrays.copyOfRange(args, 1, args.length)),
                    call.getKey());
            assertTensorsBitsEqual(before, model.tensors(allNames));
            assertEquals(parametersBefore, model.names("namedParameters", ""), call.getKey());
            assertEquals(buffersBefore, model.names("namedBuffers", ""), call.getKey());
        }
    }

    private static void expect(Map<String, Object[]> calls, Map<String, String> errors, String error,
                               String operation, Object... args) {
        String key = operation + Arrays.deepToString(args);
        Object[] call = new Object[args.length + 1];
        call[0] = operation;
        System.arraycopy(args, 0, call, 1, args.length);
        calls.put(key, call);
        errors.put(key, error);
    }

    /** The app's accuracy over a pass that began after {@code afterMillis}. */
    private static double accuracyOfAPassStartedAfter(DemoApp app, JmxConsole inference, long afterMillis)
            throws Exception {
        return (double) app.ofAPassStartedAfter(inference, "Accuracy", afterMillis, PASS);
    }



    private static List<String> namesOf(List<String> names) {
        return List.copyOf(names);
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
