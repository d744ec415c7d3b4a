package io.jprune.agent.instrumentation.onnxruntime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.jprune.runtime.spi.GraphStructure;
import io.jprune.runtime.structure.StructureReport;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;

import org.junit.jupiter.api.Test;

/**
 * A transformer block's graph ({@link TransformerGraph}): whole attention heads pruned in Q, K and V compact
 * consistently across the three projections, the head-splitting Reshapes and the output projection's inputs; a
 * pruned part of a head stays masked with the reason; pruned feed-forward features compact with the bias Add and the
 * next MatMul. Every compaction is checked on runs against the masked model.
 */
class TransformerStructureTest {
    private static final List<String> ATTENTION = List.of("attention.query.weight", "attention.key.weight",
            "attention.value.weight");

    @Test
    void wholeHeadsCompactAcrossQueryKeyValueAndTheOutputProjection() throws Exception {
        // heads 1 and 3 (features 4-7 and 12-15) of 4 heads of 4 features, in Q, K and V; FFN features by ln_structured
        Set<Integer> heads = Set.of(4, 5, 6, 7, 12, 13, 14, 15);
        withPlan(name -> ATTENTION.contains(name) ? heads : name.equals("ffn.fc1.weight") ? null : Set.of(),
                (plan, report) -> {
                    assertTrue(Arrays.asList(report.getGroups()).contains("attention.query out + attention.key out + "
                            + "attention.value out -> attention.output in [16 channels, in heads of 4]"),
                            Arrays.toString(report.getGroups()));
                    for (String module : List.of("attention.query", "attention.key", "attention.value")) {
                        assertArrayEquals(new int[] {8, 16}, report.module(module).getCompactedShape(), module);
                    }
                    assertArrayEquals(new int[] {16, 8}, report.module("attention.output").getCompactedShape());
                    assertTrue(Arrays.asList(report.getGroups()).contains("ffn.fc1 out -> ffn.fc2 in [64 channels]"),
                            Arrays.toString(report.getGroups()));
                    assertArrayEquals(new int[] {32, 16}, report.module("ffn.fc1").getCompactedShape());
                    assertArrayEquals(new int[] {16, 32}, report.module("ffn.fc2").getCompactedShape());
                    assertNull(plan.verify());
                });
    }

    @Test
    void partOfAHeadStaysMaskedWithTheReason() throws Exception {
        withPlan(name -> name.equals("attention.query.weight") ? null : Set.of(), (plan, report) -> {
            assertArrayEquals(new int[] {16, 16}, report.module("attention.query").getCompactedShape());
            assertEquals(1, report.module("attention.query").getNotes().length);
            String note = report.module("attention.query").getNotes()[0];
            assertTrue(note.startsWith("output channels ") && note.endsWith(" stay masked: attention heads of 4 "
                    + "features go whole, and not every feature of its head is pruned in every producer"), note);
            assertEquals(List.of(), plan.resizes());
        });
    }

    /** What a test checks on a plan and its report. */
    interface PlanCheck {
        void check(GraphStructure.Plan plan, StructureReport report) throws Exception;
    }

    /**
     * Plans the block with these rows cut: by parameter, the rows given, {@code null} for PyTorch's
     * ln_structured(0.5, n=2, dim=0), none for an empty set.
     */
    private static void withPlan(Function<String, Set<Integer>> cuts, PlanCheck check) throws Exception {
        byte[] bytes = TransformerGraph.model();
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession app = env.createSession(bytes, new OrtSession.SessionOptions())) {
            SessionRecord record = new SessionRecord(app, ModelSource.of(bytes, app), null);
            Map<String, float[]> values = new LinkedHashMap<>();
            Map<String, float[]> masks = new LinkedHashMap<>();
            for (OnnxParameter parameter : record.graph().parameters()) {
                float[] value = record.readModel().values(parameter);
                Set<Integer> rows = parameter.shape().dim() == 2 ? cuts.apply(parameter.qualifiedName()) : Set.of();
                if (rows == null || !rows.isEmpty()) {
                    float[] mask = rows == null ? OnnxStructureTest.lnStructured(value, parameter.shape().size(0))
                            : rowMask(value.length, parameter.shape().size(0), rows);
                    masks.put(parameter.qualifiedName(), mask);
                    for (int i = 0; i < value.length; i++) {
                        value[i] *= mask[i];
                    }
                }
                values.put(parameter.qualifiedName(), value);
            }
            List<Object[]> runs = new ArrayList<>();
            for (int seed = 0; seed < 3; seed++) {
                runs.add(new Object[] {input(seed)});
            }
            GraphStructure.Plan plan = new OnnxStructure(record, app.getClass()).plan(values, masks, runs);
            System.out.println(plan.report().render());
            check.check(plan, plan.report());
        }
    }

    private static float[] rowMask(int length, int rows, Set<Integer> cut) {
        int per = length / rows;
        float[] mask = new float[length];
        Arrays.fill(mask, 1f);
        for (int row : cut) {
            Arrays.fill(mask, row * per, (row + 1) * per, 0f);
        }
        return mask;
    }

    private static OnnxRun input(int seed) {
        Random random = new Random(seed);
        float[] x = new float[TransformerGraph.SEQUENCE * TransformerGraph.MODEL];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextGaussian();
        }
        return new OnnxRun(Map.of("x", new long[] {1, TransformerGraph.SEQUENCE, TransformerGraph.MODEL}),
                Map.of("x", x));
    }
}
