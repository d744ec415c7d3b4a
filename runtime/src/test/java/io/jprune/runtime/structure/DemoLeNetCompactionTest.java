package io.jprune.runtime.structure;

import java.util.HashMap;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The "done when" on the demo's trained LeNet and its 2,000 held-out digits, run through the engine
 * with the tests' tracer (the agent's own tracer comes with the wiring): ln_structured 0.5, n=2, dim=0 on
 * conv1, conv2 and fc1, then compaction.
 */
class DemoLeNetCompactionTest {

    @Test
    void compactedDemoComputesWhatTheMaskedDemoDid() {
        Map<String, float[]> tensors = DemoResources.weights();
        Map<String, float[]> untouched = copies(tensors);
        float[][] images = DemoResources.testImages();
        int[] labels = DemoResources.testLabels();
        assertEquals(2000, images.length);
        ToyLeNet net = ToyLeNet.of(tensors);
        List<float[]> all = List.of(images);
        assertEquals(1968, correct(Compaction.outputs(net, all), labels), "the demo's committed accuracy, 98.40%");

        net.conv1.prune(Compaction.halfOfTheRows());
        net.conv2.prune(Compaction.halfOfTheRows());
        net.fc1.prune(Compaction.halfOfTheRows());
        List<float[]> masked = Compaction.outputs(net, all);

        ModelStructure structure = Compaction.analyse(net, all.subList(0, 4));
        net.install(structure.plan());
        assertEquals(3, net.conv1.outChannels);
        assertEquals(3, net.conv2.inChannels);
        assertEquals(8, net.conv2.outChannels);
        assertEquals(200, net.fc1.inChannels);
        assertEquals(60, net.fc1.outChannels);
        assertEquals(60, net.fc2.inChannels);
        Compaction.assertOutputsAgree(masked, net, all);
        assertEquals(correct(masked, labels), correct(Compaction.outputs(net, all), labels));
        assertEquals(199_968, structure.report().getMacs());
        assertEquals(62_268, structure.report().getCompactedMacs());

        for (Map.Entry<String, float[]> tensor : tensors.entrySet()) {
            assertArrayEquals(untouched.get(tensor.getKey()), tensor.getValue(),
                    tensor.getKey() + ": the app's own arrays stay as they were, for restore");
        }
    }

    private static int correct(List<float[]> logits, int[] labels) {
        int correct = 0;
        for (int i = 0; i < labels.length; i++) {
            if (Ops.argmax(logits.get(i)) == labels[i]) {
                correct++;
            }
        }
        return correct;
    }

    private static Map<String, float[]> copies(Map<String, float[]> tensors) {
        Map<String, float[]> copies = new HashMap<>();
        tensors.forEach((name, values) -> copies.put(name, Arrays.copyOf(values, values.length)));
        return copies;
    }
}
