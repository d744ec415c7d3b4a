package io.jprune.runtime.structure;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The report's shapes, channel lists, MACs and parameters, against the numbers worked out by hand. */
class StructureReportTest {

    private static StructureReport report() {
        ToyLeNet net = ToyLeNet.random(7);
        net.conv1.prune(Compaction.halfOfTheRows());
        net.conv2.prune(Compaction.halfOfTheRows());
        net.fc1.prune(Compaction.halfOfTheRows());
        return Compaction.analyse(net, ToyLeNet.images(11, 4)).report();
    }

    @Test
    void macsAreDenseMultiplyAccumulatesAtTheTracedSizes() {
        StructureReport report = report();
        // conv: out*in*k*k*oh*ow with 26x26 and 11x11 outputs; linear: out*in
        assertEquals(6 * 1 * 9 * 26 * 26, report.module("conv1").getMacs());
        assertEquals(3 * 1 * 9 * 26 * 26, report.module("conv1").getCompactedMacs());
        assertEquals(16 * 6 * 9 * 11 * 11, report.module("conv2").getMacs());
        assertEquals(8 * 3 * 9 * 11 * 11, report.module("conv2").getCompactedMacs());
        assertEquals(120 * 400, report.module("fc1").getMacs());
        assertEquals(60 * 200, report.module("fc1").getCompactedMacs());
        assertEquals(84 * 120, report.module("fc2").getMacs());
        assertEquals(84 * 60, report.module("fc2").getCompactedMacs());
        assertEquals(10 * 84, report.module("fc3").getCompactedMacs());
        assertEquals(199_968, report.getMacs());
        assertEquals(62_268, report.getCompactedMacs());
    }

    @Test
    void parametersCountWeightsAndBiases() {
        StructureReport report = report();
        assertEquals(60, report.module("conv1").getParameters());
        assertEquals(30, report.module("conv1").getCompactedParameters());
        assertEquals(880, report.module("conv2").getParameters());
        assertEquals(224, report.module("conv2").getCompactedParameters());
        assertEquals(48_120, report.module("fc1").getParameters());
        assertEquals(12_060, report.module("fc1").getCompactedParameters());
        assertEquals(10_164, report.module("fc2").getParameters());
        assertEquals(5_124, report.module("fc2").getCompactedParameters());
        assertEquals(60_074, report.getParameters());
        assertEquals(18_288, report.getCompactedParameters());
    }

    @Test
    void prunedChannelsAndTheInputsTheyLeaveDead() {
        StructureReport report = report();
        ModuleStructure conv1 = report.module("conv1");
        ModuleStructure conv2 = report.module("conv2");
        ModuleStructure fc1 = report.module("fc1");
        assertEquals(3, conv1.getPrunedOutputs().length);
        assertArrayEquals(conv1.getPrunedOutputs(), conv1.getRemovedOutputs());
        assertArrayEquals(conv1.getPrunedOutputs(), conv2.getDeadInputs());
        assertArrayEquals(conv1.getPrunedOutputs(), conv2.getRemovedInputs());
        assertEquals(8, conv2.getPrunedOutputs().length);
        int[] features = fc1.getDeadInputs();
        assertEquals(200, features.length);
        for (int n = 0; n < 8; n++) {
            for (int i = 0; i < 25; i++) {
                assertEquals(25 * conv2.getPrunedOutputs()[n] + i, features[25 * n + i]);
            }
        }
        assertArrayEquals(report.module("fc1").getPrunedOutputs(), report.module("fc2").getDeadInputs());
        assertArrayEquals(new int[] {6, 1, 3, 3}, conv1.getShape());
        assertArrayEquals(new int[] {3, 1, 3, 3}, conv1.getCompactedShape());
        assertArrayEquals(new int[] {10, 84}, report.module("fc3").getCompactedShape());
        assertEquals(4, report.getTracedInputs());
    }

    @Test
    void theTableReadsForAPerson() {
        String text = report().render();
        List<String> lines = text.lines().toList();
        assertEquals("structure of 5 layers, traced on 4 captured inputs", lines.get(0));
        assertTrue(lines.get(1).startsWith("module  weight"), lines.get(1));
        assertTrue(lines.get(2).matches("conv1 +\\[6, 1, 3, 3] +\\[3, 1, 3, 3] +3/6 +3/6 +0/1 +0/1 +36,504 +18,252 +60 +30"),
                lines.get(2));
        assertTrue(lines.get(4).matches("fc1 +\\[120, 400] +\\[60, 200] +60/120 +60/120 +200/400 +200/400 +48,000 "
                + "+12,000 +48,120 +12,060"), lines.get(4));
        assertTrue(lines.contains("MACs 199,968 -> 62,268 (3.21x fewer), parameters 60,074 -> 18,288 (3.28x fewer)"),
                text);
    }

    @Test
    void residualGroupsAreListed() {
        SmallModels.Residual model = new SmallModels.Residual(3);
        StructureReport report = Compaction.analyse(model, SmallModels.vectors(4, 3, 8)).report();
        assertArrayEquals(new String[] {"fa + fb"}, report.getGroups());
        assertTrue(report.render().contains("coupled: fa + fb (channel c of each goes with the others' or stays)"));
    }
}
