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

import org.junit.jupiter.api.Test;

/**
 * {@link ResidualGraph}: a residual Add joins a's and b's channels into one group (cut only where both are cut),
 * BatchNormalization and a depthwise Conv follow them, Concat places c's channels after them and Flatten turns all into
 * blocks of 36 features of the Gemm head. Compaction slices all of it, folds the removed channels' constants into the
 * head's bias, updates the depthwise group count, and computes what the masked model does.
 */
class ResidualStructureTest {

    @Test
    void residualConcatDepthwiseAndBatchNormCompactConsistently() throws Exception {
        byte[] bytes = ResidualGraph.model();
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession app = env.createSession(bytes, new OrtSession.SessionOptions())) {
            SessionRecord record = new SessionRecord(app, ModelSource.of(bytes, app), null);
            Map<String, Set<Integer>> cuts = Map.of("a.weight", Set.of(1, 5, 6), "b.weight", Set.of(1, 5),
                    "c.weight", Set.of(2));
            Map<String, float[]> values = new LinkedHashMap<>();
            Map<String, float[]> masks = new LinkedHashMap<>();
            for (OnnxParameter parameter : record.graph().parameters()) {
                float[] value = record.readModel().values(parameter);
                Set<Integer> cut = cuts.get(parameter.qualifiedName());
                if (cut != null) {
                    int per = value.length / parameter.shape().size(0);
                    float[] mask = new float[value.length];
                    Arrays.fill(mask, 1f);
                    for (int row : cut) {
                        Arrays.fill(mask, row * per, (row + 1) * per, 0f);
                        Arrays.fill(value, row * per, (row + 1) * per, 0f);
                    }
                    masks.put(parameter.qualifiedName(), mask);
                }
                values.put(parameter.qualifiedName(), value);
            }
            List<Object[]> runs = new ArrayList<>();
            for (int seed = 0; seed < 3; seed++) {
                Random random = new Random(seed);
                float[] x = new float[3 * 8 * 8];
                for (int i = 0; i < x.length; i++) {
                    x[i] = (float) random.nextGaussian();
                }
                runs.add(new Object[] {new OnnxRun(Map.of("x", new long[] {1, 3, 8, 8}), Map.of("x", x))});
            }
            GraphStructure.Plan plan = new OnnxStructure(record, app.getClass()).plan(values, masks, runs);
            StructureReport report = plan.report();
            System.out.println(report.render());
            assertTrue(Arrays.asList(report.getGroups()).contains("a out + b out -> b in, head in (blocks of 36) "
                    + "[8 channels]"), Arrays.toString(report.getGroups()));
            assertTrue(Arrays.asList(report.getGroups()).contains("c out -> head in (blocks of 36) [4 channels]"),
                    Arrays.toString(report.getGroups()));
            assertArrayEquals(new int[] {6, 3, 3, 3}, report.module("a").getCompactedShape());
            assertArrayEquals(new int[] {6, 6, 1, 1}, report.module("b").getCompactedShape());
            assertArrayEquals(new int[] {6, 1, 3, 3}, report.module("dw").getCompactedShape());
            assertArrayEquals(new int[] {3, 3, 3, 3}, report.module("c").getCompactedShape());
            assertArrayEquals(new int[] {10, 9 * 36}, report.module("head").getCompactedShape());
            assertEquals("output channel 6 stays masked: a channel it is coupled with is not pruned in every producer",
                    report.module("a").getNotes()[0]);
            Map<String, int[]> shapes = new LinkedHashMap<>();
            for (GraphStructure.Resize resize : plan.resizes()) {
                shapes.put(resize.qualifiedName(), resize.shape().dims());
            }
            assertArrayEquals(new int[] {6}, shapes.get("bn.running_var"));
            assertArrayEquals(new int[] {10}, shapes.get("head.bias"));
            assertNull(plan.verify());
        }
    }
}
