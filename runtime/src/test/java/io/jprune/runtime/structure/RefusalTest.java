package io.jprune.runtime.structure;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jprune.runtime.prune.Amount;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Whatever cannot be compacted exactly stays masked, whole, with the reason. */
class RefusalTest {
    private static final List<float[]> IMAGES = ToyLeNet.images(21, 30);

    @Test
    void aChannelAddedToTheModelsInputIsNotConstantAndStays() {
        SmallModels.SkipFromInput model = new SmallModels.SkipFromInput(1);
        model.fa.prune(Compaction.rows(model.fa, 2));
        ModelStructure structure = Compaction.analyse(model, SmallModels.vectors(2, 4, 6));
        assertTrue(structure.plan().isEmpty());
        String[] notes = structure.report().module("fa").getNotes();
        assertEquals(1, notes.length);
        assertTrue(notes[0].startsWith("output channel 2 stays masked: input channel 2 of fc is not constant ("),
                notes[0]);
        assertArrayEquals(new String[] {notes[0].replace("output channel 2 stays masked", "dead input channel 2 stays")},
                structure.report().module("fc").getNotes());
    }

    @Test
    void oneCapturedInputCannotProveAConstant() {
        SmallModels.Residual model = new SmallModels.Residual(3);
        model.fa.prune(Compaction.rows(model.fa, 1));
        model.fb.prune(Compaction.rows(model.fb, 1));
        float[] input = SmallModels.vectors(4, 1, 8).get(0);
        ModelStructure structure = Compaction.analyse(model, List.of(input, input.clone()));
        assertTrue(structure.plan().isEmpty());
        assertEquals("output channel 1 stays masked: folding what the removed channels deliver needs at least 2 "
                + "different captured inputs, to tell a constant from an input-dependent value; there is 1",
                structure.report().module("fa").getNotes()[0]);
    }

    @Test
    void aConsumerWithoutBiasCannotAbsorbANonZeroConstant() {
        SmallModels.NoBiasConsumer model = new SmallModels.NoBiasConsumer(4);
        model.fa.bias[5] = -0.5f;
        model.fa.prune(Compaction.rows(model.fa, 3, 5));
        List<float[]> inputs = SmallModels.vectors(5, 30, 5);
        List<float[]> masked = Compaction.outputs(model, inputs);
        ModelStructure structure = Compaction.analyse(model, inputs.subList(0, 4));
        assertArrayEquals(new int[] {5}, structure.plan().change("fa").removedOutputs(),
                "channel 5 delivers relu(-0.5) = 0, which needs no bias");
        assertArrayEquals(new int[] {5}, structure.plan().change("fb").removedInputs());
        assertEquals(List.of("output channel 3 stays masked: fb has no bias to absorb the constant its removed input "
                + "channels 3 deliver"), List.of(structure.report().module("fa").getNotes()));
        model.install(structure.plan());
        Compaction.assertOutputsAgree(masked, model, inputs);
    }

    @Test
    void aPaddedConvolutionDoesNotSeeTheConstantEverywhereAndStays() {
        SmallModels.PaddedConsumer model = new SmallModels.PaddedConsumer(6);
        model.conv1.prune(Compaction.rows(model.conv1, 1));
        ModelStructure structure = Compaction.analyse(model, images(7, 4, 64));
        assertTrue(structure.plan().isEmpty());
        String note = structure.report().module("conv1").getNotes()[0];
        assertTrue(note.startsWith("output channel 1 stays masked: conv2 does not add a constant input to its bias as "
                + "an unpadded convolution or a linear layer does (output channel 0, position 0:"), note);
    }

    @Test
    void aLayerWhoseInputDimCannotChangeHoldsBackEveryChannelFeedingIt() {
        ToyLeNet net = ToyLeNet.random(7);
        net.conv1.prune(Compaction.halfOfTheRows());
        net.conv2.prune(Compaction.halfOfTheRows());
        net.fc1.prune(Compaction.halfOfTheRows());
        List<float[]> masked = Compaction.outputs(net, IMAGES);
        List<Layer> layers = new ArrayList<>(net.describe());
        layers.set(2, layers.get(2).withFixedInDim("no int field inFeatures"));
        ModelStructure structure = StructureAnalysis.of(layers).run(new ToyTracer(net, IMAGES.subList(0, 4)));
        CompactionPlan plan = structure.plan();

        assertArrayEquals(new int[] {3, 1, 3, 3}, plan.change("conv1").compactedShape().dims());
        assertArrayEquals(new int[] {16, 3, 3, 3}, plan.change("conv2").compactedShape().dims());
        assertArrayEquals(new int[] {60, 400}, plan.change("fc1").compactedShape().dims());
        assertArrayEquals(new int[] {84, 60}, plan.change("fc2").compactedShape().dims());
        assertEquals("output channels " + IndexList.format(CompactionTest.prunedRows(net.conv2))
                + " stay masked: the input dim of fc1 cannot change: no int field inFeatures",
                structure.report().module("conv2").getNotes()[0]);
        net.install(plan);
        Compaction.assertOutputsAgree(masked, net, IMAGES);
    }

    @Test
    void channelsThatArePartOfTheModelsOutputStay() {
        ToyLeNet net = ToyLeNet.random(7);
        net.fc3.prune(Compaction.rows(net.fc3, 2, 7));
        ModelStructure structure = Compaction.analyse(net, IMAGES.subList(0, 3));
        assertTrue(structure.plan().isEmpty());
        assertArrayEquals(new String[] {"output channels 2, 7 stay masked: fc3: its channels are part of the model's output"},
                structure.report().module("fc3").getNotes());
    }

    @Test
    void aLayerIsNeverLeftWithoutChannels() {
        ToyLeNet net = ToyLeNet.random(7);
        net.conv1.prune(Compaction.lnStructured(Amount.count(6), 0));
        ModelStructure structure = Compaction.analyse(net, IMAGES.subList(0, 3));
        assertTrue(structure.plan().isEmpty());
        assertEquals("output channels 0-5 stay masked: removing them would leave conv1 without output channels; "
                + "jprune keeps at least one", structure.report().module("conv1").getNotes()[0]);
    }

    @Test
    void aForwardThatDoesNotRepeatIsNotAnalysedAtAll() {
        ToyLeNet net = ToyLeNet.random(7);
        net.conv1.prune(Compaction.halfOfTheRows());
        Random noise = new Random(3);
        ToyTracer honest = new ToyTracer(net, IMAGES.subList(0, 3));
        ForwardTracer noisy = new ForwardTracer() {
            @Override
            public int inputCount() {
                return honest.inputCount();
            }

            @Override
            public ForwardTrace trace(int input, ChannelPerturbation perturbation) {
                ForwardTrace trace = honest.trace(input, perturbation);
                trace.root().output()[0] += (float) noise.nextGaussian();
                return trace;
            }
        };
        ModelStructure structure = StructureAnalysis.of(net.describe()).run(noisy);
        assertTrue(structure.plan().isEmpty());
        assertTrue(structure.dependencies().feeds().isEmpty());
        assertEquals(1, structure.report().getNotes().length);
        assertTrue(structure.report().getNotes()[0].startsWith("nothing can be compacted: the forward does not repeat "
                + "exactly on the same input (the values of the root"), structure.report().getNotes()[0]);
    }

    @Test
    void aForwardThatFailsIsReportedNotThrown() {
        ToyLeNet net = ToyLeNet.random(7);
        ForwardTracer failing = new ForwardTracer() {
            @Override
            public int inputCount() {
                return 1;
            }

            @Override
            public ForwardTrace trace(int input, ChannelPerturbation perturbation) {
                throw new IllegalStateException("boom");
            }
        };
        ModelStructure structure = StructureAnalysis.of(net.describe()).run(failing);
        assertEquals("nothing can be compacted: tracing captured input 0 failed: java.lang.IllegalStateException: boom",
                structure.report().getNotes()[0]);
        assertNull(structure.plan().change("conv1"));
        assertEquals(0, structure.report().getTracedInputs());
    }

    private static List<float[]> images(long seed, int count, int pixels) {
        return SmallModels.vectors(seed, count, pixels);
    }
}
