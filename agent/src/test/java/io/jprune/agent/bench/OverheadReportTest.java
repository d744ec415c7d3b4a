package io.jprune.agent.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OverheadReportTest {

    private static Map<Case, ForkedScores> scores(List<List<Double>> baseForks, List<List<Double>> agentForks) {
        Map<Case, ForkedScores> scores = new EnumMap<>(Case.class);
        scores.put(Case.NO_AGENT, new ForkedScores());
        scores.put(Case.AGENT, new ForkedScores());
        baseForks.forEach(scores.get(Case.NO_AGENT)::addFork);
        agentForks.forEach(scores.get(Case.AGENT)::addFork);
        return scores;
    }

    @Test
    void aTightRatioAboveTheTargetMeetsItUnflagged() {
        Map<Case, ForkedScores> scores = scores(
                List.of(List.of(100.0, 100.1, 99.9, 100.0), List.of(100.0, 99.9, 100.1, 100.0)),
                List.of(List.of(99.0, 99.1, 98.9, 99.0), List.of(99.0, 98.9, 99.1, 99.0)));

        ResultTable.Row row = OverheadReport.ratio("agent / no agent", scores, Case.AGENT, Case.NO_AGENT, 0.98);

        assertEquals("0.990", row.value());
        assertEquals("0.990 / 0.990 (2 runs)", row.runs());
        assertEquals("meets", row.verdict());
        assertFalse(row.spread().contains("WIDE"), row.spread());
    }

    @Test
    void runsThatDisagreeByMoreThanTheMarginAreFlaggedEvenWhenTheMeanMeetsTheTarget() {
        Map<Case, ForkedScores> scores = scores(
                List.of(List.of(100.0, 100.0, 100.0), List.of(100.0, 100.0, 100.0)),
                List.of(List.of(103.0, 103.0, 103.0), List.of(97.0, 97.0, 97.0)));

        ResultTable.Row row = OverheadReport.ratio("agent / no agent", scores, Case.AGENT, Case.NO_AGENT, 0.98);

        assertEquals("1.000", row.value());
        assertEquals("0.970 / 1.000 (2 runs)", row.runs());
        assertEquals("meets", row.verdict());
        assertTrue(row.spread().contains("WIDE: wider than the 0.02 margin"), row.spread());
    }

    @Test
    void aRatioUnderTheTargetMissesIt() {
        Map<Case, ForkedScores> scores = scores(List.of(List.of(100.0, 100.0, 100.0, 100.0)),
                List.of(List.of(95.0, 95.0, 95.0, 95.0)));

        ResultTable.Row row = OverheadReport.ratio("agent / no agent", scores, Case.AGENT, Case.NO_AGENT, 0.98);

        assertEquals("0.950", row.value());
        assertEquals("MISSES", row.verdict());
    }

    @Test
    void aFailedCaseIsReportedAsNotMeasuredWithItsReason() {
        Map<Case, ForkedScores> scores = scores(List.of(List.of(100.0, 100.0)), List.of());
        scores.get(Case.AGENT).fail("the fork failed: [jprune] bad agent options");

        ResultTable.Row row = OverheadReport.ratio("agent / no agent", scores, Case.AGENT, Case.NO_AGENT, 0.98);

        assertEquals("not measured", row.value());
        assertEquals("not measured", row.verdict());
        assertEquals("the fork failed: [jprune] bad agent options", row.spread());
    }

    @Test
    void startupComparesMediansAndFlagsRunsSpreadWiderThanTheTarget() {
        StartupComparison steady = new StartupComparison(new Series(List.of(100.0, 110.0, 120.0)),
                new Series(List.of(300.0, 310.0, 900.0)), "", null, null);

        ResultTable.Row row = OverheadReport.startup("start-up", steady, 300.0);

        assertEquals("+200 ms (median 310 ms with, 110 ms without)", row.value());
        assertEquals("meets", row.verdict());
        assertTrue(row.spread().contains("range 600 ms with, 20 ms without WIDE"), row.spread());
    }

    @Test
    void heapAboveTheTargetMissesIt() {
        ResultTable.Row row = OverheadReport.heap(new Series(List.of(2.0312, 2.0313, 2.0314)), "one float[]");

        assertEquals("MISSES", row.verdict());
        assertTrue(row.measure().contains("16M floats as one float[]"), row.measure());
        assertTrue(row.value().startsWith("2.0313: +130.0 MiB"), row.value());
    }
}
