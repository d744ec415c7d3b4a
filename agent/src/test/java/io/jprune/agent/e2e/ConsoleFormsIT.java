package io.jprune.agent.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jprune.demo.Mnist;
import io.jprune.runtime.tensor.Shape;
import io.jprune.runtime.tensor.TensorRepr;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import javax.management.MBeanInfo;
import javax.management.MBeanOperationInfo;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;

/**
 * The running demo through remote JMX, as JConsole or VisualVM would use it: every operation that takes an array
 * has a form with simple arguments that does the same thing, and tensors, listings, the structure report and the
 * model's output come as text a person can read; repeated prunes, remove and restore say what they did.
 */
class ConsoleFormsIT {
    private static final Duration STARTUP = Duration.ofSeconds(60);
    private static final String[] GLOBAL_ARRAY = {"[Ljava.lang.String;", "java.lang.String", "java.lang.String", "long"};

    @Test
    void aConsoleThatCannotSendArraysCanDoEverything() throws Exception {
        try (DemoApp app = DemoApp.start("", "--threads", "1", "--report-ms", "60000")) {
            MBeanServerConnection connection = app.connect();
            ObjectName name = new ObjectName("io.jprune:type=Model,name=LeNet");
            app.await("the LeNet model MBean", STARTUP, () -> {
                try {
                    return connection.isRegistered(name);
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            });
            JmxConsole model = new JmxConsole(connection, name);

            MBeanInfo info = connection.getMBeanInfo(name);
            Set<String> callable = Arrays.stream(info.getOperations())
                    .filter(op -> Arrays.stream(op.getSignature()).noneMatch(p -> p.getType().startsWith("[")))
                    .map(MBeanOperationInfo::getName).collect(Collectors.toSet());
            for (MBeanOperationInfo op : info.getOperations()) {
                if (!callable.contains(op.getName())) {
                    assertTrue(callable.contains(op.getName() + "Text"), op.getName() + " has no console form");
                }
            }

            // global pruning: the comma-separated form prunes exactly as the array form
            String text = model.string("globalUnstructured", "conv1.weight, fc1.weight", "l1", "0.2", 0L);
            assertTrue(text.startsWith("global_unstructured L1Unstructured(amount=0.2) over 2 parameters -> "
                    + "9611 of 48054 pruned (20.0%): conv1.weight "), text);
            float[] conv1 = model.tensor("conv1.weight_mask");
            float[] fc1 = model.tensor("fc1.weight_mask");
            model.string("restore");
            assertEquals(text, model.invokeTyped("globalUnstructured", GLOBAL_ARRAY,
                    new String[] {"conv1.weight", "fc1.weight"}, "l1", "0.2", 0L));
            assertArrayEquals(conv1, model.tensor("conv1.weight_mask"));
            assertArrayEquals(fc1, model.tensor("fc1.weight_mask"));

            // a repeated prune: PyTorch's fraction is of what remains, and the summary says so
            assertTrue(model.string("l1Unstructured", "fc3.weight", "0.5").endsWith("-> 420 of 840 pruned (50.0%)"));
            assertEquals("fc3.weight: l1_unstructured amount=0.5 -> 630 of 840 pruned (75.0%) (420 already pruned, "
                    + "210 newly pruned)", model.string("l1Unstructured", "fc3.weight", "0.5"));

            // a 48,000-value tensor reads as PyTorch prints it, summarised
            String tensor = model.string("tensorText", "fc1.weight_orig");
            assertTrue(tensor.length() < 2_000 && tensor.contains("..."), tensor);
            assertTrue(tensor.endsWith("\nfc1.weight_orig: shape torch.Size([120, 400]), 0 of 48000 values zero "
                    + "(0.0%)"), tensor);
            String parameters = (String) connection.getAttribute(name, "ParametersText");
            assertEquals("fc1.weight_orig [120, 400] 48000 0 0.0%", row(parameters, "fc1.weight_orig"));
            String buffers = (String) connection.getAttribute(name, "BuffersText");
            assertEquals("fc3.weight_mask [10, 84] 840 630 75.0%", row(buffers, "fc3.weight_mask"));
            assertEquals("fc1 Linear Linear(in_features=400, out_features=120, bias=True)",
                    row((String) connection.getAttribute(name, "ModulesText"), "fc1"));
            assertTrue(model.string("structureText").contains("conv1"));

            // the model's output for a digit given as text, as PyTorch prints it
            float[] digit = Mnist.test().images()[0];
            float[] logits = (float[]) model.invoke("forward", (Object) digit);
            assertEquals(TensorRepr.tensor(logits, Shape.of(10)), model.string("forwardText",
                    Arrays.toString(digit)));

            // remove is for good, and restore says so
            assertTrue(model.string("remove", "fc3.weight").endsWith("; fc3.weight_orig and fc3.weight_mask are freed, "
                    + "so restore can no longer bring fc3.weight's original values back"));
            assertEquals("LeNet: restored 2 parameters: conv1.weight, fc1.weight; cannot bring back fc3.weight "
                    + "(remove() made its pruning permanent and freed its original values; 630 of 840 entries are "
                    + "zero)", model.string("restore"));
            assertTrue(app.isAlive());
        }
    }

    /** The row of a text table that starts with {@code first}, its columns joined by single spaces. */
    private static String row(String table, String first) {
        return table.lines().filter(line -> line.startsWith(first + " ")).findFirst()
                .map(line -> line.trim().replaceAll(" {2,}", " ")).orElseThrow(() -> new AssertionError(table));
    }
}
