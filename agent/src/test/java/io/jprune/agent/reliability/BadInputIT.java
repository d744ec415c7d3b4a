package io.jprune.agent.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jprune.agent.e2e.DemoApp;
import io.jprune.agent.e2e.JmxConsole;
import io.jprune.agent.reliability.app.TwoModelDemo;
import java.util.ArrayList;
import java.util.List;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;

/**
 * Bad calls over JMX against the running demo service (with a second LeNet, so that a prune spanning two models can
 * be asked for): each one fails with PyTorch's text where PyTorch has one and otherwise with words naming the bad
 * argument, only JDK exception types reach the console, and afterwards every tensor of the model (every listed
 * parameter and buffer and every effective weight) is the same bit for bit, as are the listings' order.
 */
class BadInputIT {
    private static final String S = String.class.getName();
    private static final String I = int.class.getName();
    private static final String J = long.class.getName();
    private static final String F = float[].class.getName();
    private static final String SS = String[].class.getName();
    private static final String AMOUNT_RANGE = " should either be a float in the range [0, 1] or a non-negative integer";
    private static final String PARAMETERS = "conv1.weight, conv1.bias, conv2.weight, conv2.bias, fc1.weight, fc1.bias, "
            + "fc2.weight, fc2.bias, fc3.weight, fc3.bias";

    /** One bad call: which bean, which operation with which signature and arguments, and the exact error. */
    private record Call(String bean, String operation, String[] signature, Object[] args, String error) {
        @Override
        public String toString() {
            List<String> shown = new ArrayList<>();
            for (Object arg : args) {
                shown.add(arg instanceof float[] values ? "float[" + values.length + "]"
                        : arg instanceof String[] names ? List.of(names).toString()
                        : arg instanceof String text ? '"' + text + '"' : String.valueOf(arg));
            }
            return bean + "." + operation + "(" + String.join(", ", shown) + ")";
        }
    }

    private final List<Call> calls = new ArrayList<>();

    private void model(String error, String operation, String[] signature, Object... args) {
        calls.add(new Call("model", operation, signature, args, error));
    }

    private void agent(String error, String operation, String[] signature, Object... args) {
        calls.add(new Call("agent", operation, signature, args, error));
    }

    private static String[] sig(String... types) {
        return types;
    }

    private static float[] mask(int length, int at, float value) {
        float[] mask = new float[length];
        java.util.Arrays.fill(mask, 1f);
        if (at >= 0) {
            mask[at] = value;
        }
        return mask;
    }

    private void table() {
        String noConv9 = "IllegalArgumentException: no parameter 'conv9.weight' in model LeNet; parameters are: " + PARAMETERS;
        // unknown module, parameter or tensor
        model(noConv9, "randomUnstructured", sig(S, S, J), "conv9.weight", "0.3", 1L);
        model(noConv9, "remove", sig(S), "conv9.weight");
        model(noConv9, "restore", sig(S), "conv9.weight");
        model(noConv9, "identity", sig(S), "conv9.weight");
        model(noConv9, "prunedChannels", sig(S, I), "conv9.weight", 0);
        model("IllegalArgumentException: param is missing: give a qualified parameter name; parameters are: "
                + PARAMETERS, "l1Unstructured", sig(S, S), null, "0.3");
        model("IllegalArgumentException: no module 'conv9' in model LeNet; modules are: \"\" (the root), conv1, conv2, "
                + "fc1, fc2, fc3", "namedParameters", sig(S), "conv9");
        model("IllegalArgumentException: no tensor 'conv2.weight_mask' in model LeNet; tensors are: conv1.weight, "
                + "conv1.weight_orig, conv1.weight_mask, conv1.bias, conv2.weight, conv2.bias, fc1.weight, fc1.bias, "
                + "fc2.weight, fc2.bias, fc3.weight, fc3.bias", "tensor", sig(S), "conv2.weight_mask");
        // amounts
        model("IllegalArgumentException: amount=-1" + AMOUNT_RANGE, "l1Unstructured", sig(S, S), "fc1.weight", "-1");
        model("IllegalArgumentException: amount=1.5" + AMOUNT_RANGE, "l1Unstructured", sig(S, S), "fc1.weight", "1.5");
        model("IllegalArgumentException: amount=1.5" + AMOUNT_RANGE, "l1Unstructured", sig(S, S), "conv1.weight", "1.5");
        model("IllegalArgumentException: amount=-0.1" + AMOUNT_RANGE, "randomStructured", sig(S, S, I, J), "fc1.weight",
                "-0.1", 0, 1L);
        model("IllegalArgumentException: amount=inf" + AMOUNT_RANGE, "l1Unstructured", sig(S, S), "fc1.weight", "1e400");
        model("IllegalArgumentException: amount=nan cannot be converted to a number of parameters to prune",
                "l1Unstructured", sig(S, S), "fc1.weight", "NaN");
        model("IllegalArgumentException: Invalid type for amount: abc. Must be int or float.", "l1Unstructured",
                sig(S, S), "fc1.weight", "abc");
        model("IllegalArgumentException: Invalid type for amount: 0.3abc. Must be int or float.", "randomUnstructured",
                sig(S, S, J), "fc1.weight", "0.3abc", 1L);
        model("IllegalArgumentException: amount is missing: give a count such as \"16\" or a fraction such as \"0.3\"",
                "l1Unstructured", sig(S, S), "fc1.weight", null);
        // a count larger than what can be pruned
        model("IllegalArgumentException: amount=865 should be smaller than the number of parameters to prune=864",
                "l1Unstructured", sig(S, S), "conv2.weight", "865");
        model("IllegalArgumentException: amount=40 should be smaller than the number of parameters to prune=38",
                "randomUnstructured", sig(S, S, J), "conv1.weight", "40", 1L);
        model("IllegalArgumentException: amount=7 should be smaller than the number of parameters to prune=6",
                "randomStructured", sig(S, S, I, J), "conv2.weight", "7", 1, 1L);
        // dims
        model("IndexOutOfBoundsException: Invalid index 4 for tensor of size torch.Size([16, 6, 3, 3]) (dim=4 is out of "
                + "range: conv2.weight has 4 dims, so dim must be in [-4, 3])", "lnStructured", sig(S, S, S, I), "conv2.weight", "1", "2", 4);
        model("IndexOutOfBoundsException: Index is out of bounds for tensor with dimensions 4 (dim=-5 is out of range: "
                + "conv2.weight has 4 dims, so dim must be in [-4, 3])", "lnStructured", sig(S, S, S, I), "conv2.weight", "1", "2", -5);
        model("IndexOutOfBoundsException: Invalid index 2 for tensor of size torch.Size([120, 400]) (dim=2 is out of "
                + "range: fc1.weight has 2 dims, so dim must be in [-2, 1])", "randomStructured", sig(S, S, I, J), "fc1.weight", "1", 2, 1L);
        model("IndexOutOfBoundsException: Index is out of bounds for tensor with dimensions 2 (dim=-3 is out of range: "
                + "fc1.weight has 2 dims, so dim must be in [-2, 1])", "randomStructured", sig(S, S, I, J), "fc1.weight", "1", -3, 1L);
        model("IndexOutOfBoundsException: Invalid index 4 for tensor of size torch.Size([6, 1, 3, 3]) (dim=4 is out "
                + "of range: conv1.weight has 4 dims, so dim must be in [-4, 3])", "prunedChannels", sig(S, I), "conv1.weight", 4);
        // structured on 1-D
        model("IllegalArgumentException: Structured pruning can only be applied to multidimensional tensors. Found "
                + "tensor of shape torch.Size([120]) with 1 dims", "lnStructured", sig(S, S, S, I), "fc1.bias", "1", "2", 0);
        model("IllegalArgumentException: Structured pruning can only be applied to multidimensional tensors. Found "
                + "tensor of shape torch.Size([6]) with 1 dims", "randomStructured", sig(S, S, I, J), "conv1.bias", "1",
                0, 1L);
        // n
        model("IllegalArgumentException: linalg.matrix_norm: dim must be a 2-tuple. Got 1 2 3 (n=nuc is a matrix "
                + "norm: ln_structured can use it only on a 3-D parameter; conv2.weight has 4 dims)", "lnStructured",
                sig(S, S, S, I), "conv2.weight", "1", "nuc", 0);
        model("IllegalArgumentException: linalg.matrix_norm: dim must be a 2-tuple. Got 0 2 3 (n=fro is a matrix "
                + "norm beyond 3-D: use n=2 for the same norm; conv2.weight has 4 dims)", "lnStructured",
                sig(S, S, S, I), "conv2.weight", "1", "fro", 1);
        model("IllegalArgumentException: Invalid norm order n: abc. Must be a number, inf, -inf, 'fro' or 'nuc'.",
                "lnStructured", sig(S, S, S, I), "conv2.weight", "1", "abc", 0);
        model("IllegalArgumentException: Invalid norm order n: nan. Must be a number, inf, -inf, 'fro' or 'nuc'.",
                "lnStructured", sig(S, S, S, I), "conv2.weight", "1", "nan", 0);
        model("IllegalArgumentException: n is missing: give the norm, e.g. 1, 2, inf, -inf or fro", "lnStructured",
                sig(S, S, S, I), "conv2.weight", "1", null, 0);
        // masks and importance scores
        model("IllegalArgumentException: mask has 53 values but conv1.weight has 54 (torch.Size([6, 1, 3, 3]))",
                "customFromMask", sig(S, F), "conv1.weight", mask(53, -1, 0));
        model("IllegalArgumentException: mask values must be 0 or 1, found 0.5 at flat index 3", "customFromMask",
                sig(S, F), "conv1.weight", mask(54, 3, 0.5f));
        model("IllegalArgumentException: mask values must be 0 or 1, found NaN at flat index 53", "customFromMask",
                sig(S, F), "conv1.weight", mask(54, 53, Float.NaN));
        model("IllegalArgumentException: mask is missing: give one 0 or 1 per entry of conv1.weight "
                + "(torch.Size([6, 1, 3, 3]))", "customFromMask", sig(S, F), "conv1.weight", null);
        model("IllegalArgumentException: importance_scores should have the same shape as parameter: got 10 scores for a "
                + "parameter of shape torch.Size([120, 400]) (48000 values)", "l1Unstructured", sig(S, S, F),
                "fc1.weight", "0.3", new float[10]);
        model("IllegalArgumentException: importance_scores should have the same shape as parameter: got 5 scores for a "
                + "parameter of shape torch.Size([16, 6, 3, 3]) (864 values)", "lnStructured", sig(S, S, S, I, F),
                "conv2.weight", "1", "2", 0, new float[5]);
        // global prunes
        model("IllegalArgumentException: no parameter 'fc9.weight' in model LeNet; parameters are: " + PARAMETERS,
                "globalUnstructured", sig(SS, S, S, J), new String[] {"conv1.weight", "fc9.weight"}, "l1", "0.2", 0L);
        model("IllegalArgumentException: global_unstructured(): parameters must name at least one parameter",
                "globalUnstructured", sig(SS, S, S, J), new String[0], "l1", "0.2", 0L);
        model("IllegalArgumentException: global_unstructured(): parameter 'fc1.weight' is given twice",
                "globalUnstructured", sig(SS, S, S, J), new String[] {"fc1.weight", "fc1.weight"}, "l1", "0.2", 0L);
        model("IllegalArgumentException: method must be l1 or random (global_unstructured supports only unstructured "
                + "methods); got 'l2'", "globalUnstructured", sig(SS, S, S, J), new String[] {"fc1.weight"}, "l2",
                "0.2", 0L);
        model("IllegalArgumentException: amount=11000 should be smaller than the number of parameters to prune=10920",
                "globalUnstructured", sig(SS, S, S, J), new String[] {"fc2.weight", "fc3.weight"}, "l1", "11000", 0L);
        model("IllegalArgumentException: Invalid type for amount: abc. Must be int or float.", "globalUnstructured",
                sig(SS, S, S, J), new String[] {"fc2.weight", "fc3.weight"}, "random", "abc", 0L);
        agent("IllegalArgumentException: global_unstructured(): params name parameters of 2 models (LeNet, LeNet#2); "
                + "jprune changes one model at a time, between two of its forwards, so one ranking cannot take effect in "
                + "several models at once: prune each model on its own", "globalUnstructured", sig(SS, S, S, J),
                new String[] {"LeNet.fc1.weight", "LeNet#2.fc1.weight"}, "l1", "0.2", 0L);
        agent("IllegalArgumentException: global_unstructured(): parameter 'fc1.weight' must be named MODEL.PARAM, e.g. "
                + "LeNet.fc1.weight, with MODEL one of the models: LeNet, LeNet#2", "globalUnstructured",
                sig(SS, S, S, J), new String[] {"fc1.weight"}, "l1", "0.2", 0L);
        agent("IllegalArgumentException: no parameter 'fc9.weight' in model LeNet; parameters are: " + PARAMETERS,
                "globalUnstructured", sig(SS, S, S, J), new String[] {"LeNet.fc1.weight", "LeNet.fc9.weight"}, "l1",
                "0.2", 0L);
        // remove of an unpruned parameter
        model("IllegalArgumentException: Parameter 'conv2.weight' has to be pruned before pruning can be removed: "
                + "it is not pruned", "remove", sig(S), "conv2.weight");
        model("IllegalArgumentException: Parameter 'conv1.bias' has to be pruned before pruning can be removed: "
                + "it is not pruned", "remove", sig(S), "conv1.bias");
    }

    @Test
    void everyBadCallNamesWhatIsWrongAndLeavesEveryTensorAsItWas() throws Exception {
        table();
        assertTrue(calls.size() >= 30, calls.size() + " bad calls");
        try (DemoApp app = DemoApp.Launch.demo().testApp(TwoModelDemo.class)
                .start("--threads", "1", "--report-ms", "60000")) {
            RunningDemo demo = RunningDemo.connect(app, "LeNet");
            app.await("the second model", RunningDemo.STARTUP, () -> registered(demo, "LeNet#2"));
            JmxConsole model = demo.model;
            JmxConsole agent = demo.agent;
            JmxConsole otherModel = new JmxConsole(demo.connection, new ObjectName("io.jprune:type=Model,name=LeNet#2"));
            // a pruned parameter too, so that masks, weight_orig and a later re-prune are part of what must not change
            assertEquals("conv1.weight: random_unstructured amount=0.3 -> 16 of 54 pruned (29.6%)",
                    model.string("randomUnstructured", "conv1.weight", "0.3", 42L));
            ModelSnapshot before = demo.snapshot();
            ModelSnapshot otherBefore = ModelSnapshot.of(otherModel, RunningDemo.WEIGHTS);

            List<String> wrong = new ArrayList<>();
            for (Call call : calls) {
                JmxConsole bean = call.bean().equals("agent") ? agent : model;
                String error = bean.errorTyped(call.operation(), call.signature(), call.args());
                if (!error.equals(call.error())) {
                    wrong.add(call + "\n    expected: " + call.error() + "\n    actual:   " + error);
                }
                String changed = before.differenceFrom(demo.snapshot());
                assertNull(changed, call + " changed the model: " + changed);
            }
            assertEquals(List.of(), wrong, "calls whose error is not the expected one");
            assertNull(otherBefore.differenceFrom(ModelSnapshot.of(otherModel, RunningDemo.WEIGHTS)),
                    "the second model is untouched too");
            assertEquals(0L, demo.errors());
            System.out.printf("%d bad calls over JMX: each refused with its message, the model unchanged%n",
                    calls.size());
        }
    }

    private static boolean registered(RunningDemo demo, String model) {
        try {
            return demo.connection.isRegistered(new ObjectName("io.jprune:type=Model,name=" + model));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
