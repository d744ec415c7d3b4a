package io.jprune.runtime.structure;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The feeds found by perturbing a running model's channels, checked against what the models' code does. */
class DependencyAnalysisTest {

    @Test
    void convFeedsConvChannelByChannel() {
        Dependencies found = Compaction.analyse(ToyLeNet.random(1), ToyLeNet.images(2, 3)).dependencies();
        ChannelFeed feed = found.feed("conv1", "conv2");
        assertEquals(6, feed.channels());
        for (int c = 0; c < 6; c++) {
            assertArrayEquals(new int[] {c}, feed.inputsOf(c), "conv1 channel " + c);
        }
        assertEquals(List.of("conv2"), found.consumersOf("conv1"));
    }

    @Test
    void convThroughPoolAndFlattenFeedsTwentyFiveFeaturesOfFc1() {
        Dependencies found = Compaction.analyse(ToyLeNet.random(1), ToyLeNet.images(2, 3)).dependencies();
        ChannelFeed feed = found.feed("conv2", "fc1");
        assertEquals(16, feed.channels());
        for (int c = 0; c < 16; c++) {
            int[] expected = new int[25];
            for (int i = 0; i < 25; i++) {
                expected[i] = 25 * c + i;
            }
            assertArrayEquals(expected, feed.inputsOf(c), "conv2 channel " + c);
        }
        assertEquals(List.of("fc1"), found.consumersOf("conv2"));
        assertEquals(List.of("conv2"), found.producersOf("fc1"));
    }

    @Test
    void linearFeedsLinearAndNothingFurther() {
        Dependencies found = Compaction.analyse(ToyLeNet.random(1), ToyLeNet.images(2, 3)).dependencies();
        for (String[] pair : new String[][] {{"fc1", "fc2"}, {"fc2", "fc3"}}) {
            ChannelFeed feed = found.feed(pair[0], pair[1]);
            for (int c = 0; c < feed.channels(); c++) {
                assertArrayEquals(new int[] {c}, feed.inputsOf(c), pair[0] + " channel " + c);
            }
            assertEquals(List.of(pair[1]), found.consumersOf(pair[0]));
        }
        assertNull(found.feed("conv1", "fc1"), "conv2 mixes conv1's channels");
        assertNull(found.feed("fc1", "fc3"), "fc2 mixes fc1's channels");
        assertEquals(4, found.feeds().size());
        assertEquals(Map.of("fc3", "its channels are part of the model's output"), found.producerRefusals());
        assertEquals(List.of(), found.groups());
    }

    @Test
    void branchesAddedTogetherFormOneGroupChannelByChannel() {
        Dependencies found = Compaction.analyse(new SmallModels.Residual(3), SmallModels.vectors(4, 3, 8))
                .dependencies();
        assertEquals(List.of(List.of("fa", "fb")), found.groups());
        assertEquals(List.of("fa", "fb"), found.producersOf("fc"));
        for (int c = 0; c < 6; c++) {
            assertArrayEquals(new int[] {c}, found.feed("fa", "fc").inputsOf(c));
            assertArrayEquals(new int[] {c}, found.feed("fb", "fc").inputsOf(c));
            ChannelBundle bundle = found.bundleOf("fa", c);
            assertEquals(List.of(new ProducerChannel("fa", c), new ProducerChannel("fb", c)), bundle.members());
            assertArrayEquals(new int[] {c}, bundle.inputsOf("fc"));
            assertEquals(bundle, found.bundleOf("fb", c));
        }
        assertEquals(6, found.bundles().size(), "the 6 pairs; fc feeds no layer");
    }

    @Test
    void aParameterisedModuleInBetweenHoldsTheProducerBack() {
        SmallModels.ThroughScale model = new SmallModels.ThroughScale(5);
        ModelStructure structure = StructureAnalysis.of(model.describe()).withFixedModules(List.of("norm"))
                .run(new ToyTracer(model, SmallModels.vectors(6, 3, 4)));
        assertEquals("its channels reach norm, whose parameters jprune cannot slice",
                structure.dependencies().producerRefusals().get("fa"));
    }

    @Test
    void eachChannelIsProbedOnceAfterTheBaselines() {
        ToyLeNet net = ToyLeNet.random(1);
        ToyTracer tracer = new ToyTracer(net, ToyLeNet.images(2, 3));
        StructureAnalysis.of(net.describe()).run(tracer);
        assertEquals(3 + 1 + (6 + 16 + 120 + 84 + 10), tracer.traces(),
                "3 captured inputs, input 0 again for repeatability, then one probe per output channel");
    }
}
