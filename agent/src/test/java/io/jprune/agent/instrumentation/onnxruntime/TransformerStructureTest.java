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

import org.junit.jupiter.api.Test;

/**
 * A transformer block's graph ({@link TransformerGraph}): pruned feed-forward features compact consistently (fc1's
 * outputs with its bias Add and fc2's inputs, checked on runs), and pruned attention features stay masked with the
 * reason: the Reshape that splits the projections into heads.
 */
class TransformerStructureTest {

    @Test
    void feedForwardFeaturesCompactAndAttentionHeadsStayMaskedWithTheReason() throws Exception {
        byte[] bytes = TransformerGraph.model();
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession app = env.createSession(bytes, new OrtSession.SessionOptions())) {
            SessionRecord record = new SessionRecord(app, ModelSource.of(bytes), null);
            Map<String, float[]> values = new LinkedHashMap<>();
            Map<String, float[]> masks = new LinkedHashMap<>();
            for (OnnxParameter parameter : record.graph().parameters()) {
                float[] value = record.readModel().values(parameter);
                if (parameter.qualifiedName().equals("ffn.fc1.weight")
                        || parameter.qualifiedName().equals("attention.query.weight")) {
                    float[] mask = OnnxStructureTest.lnStructured(value, parameter.shape().size(0));
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
            StructureReport report = plan.report();
            System.out.println(report.render());
            assertTrue(Arrays.asList(report.getGroups()).contains("ffn.fc1 out -> ffn.fc2 in [64 channels]"),
                    Arrays.toString(report.getGroups()));
            assertArrayEquals(new int[] {32, 16}, report.module("ffn.fc1").getCompactedShape());
            assertArrayEquals(new int[] {16, 32}, report.module("ffn.fc2").getCompactedShape());
            assertArrayEquals(new int[] {16, 16}, report.module("attention.query").getCompactedShape());
            assertEquals(1, report.module("attention.query").getNotes().length);
            assertTrue(report.module("attention.query").getNotes()[0].startsWith("output channels "),
                    report.module("attention.query").getNotes()[0]);
            assertTrue(report.module("attention.query").getNotes()[0].contains("stay masked: Reshape /q_split/Reshape "
                    + "splits or merges the channels ([1, 6, 16] -> [1, 6, 4, 4]), as heads of attention do"),
                    report.module("attention.query").getNotes()[0]);
            assertEquals(List.of("ffn.fc1.weight", "ffn.fc1.bias", "ffn.fc2.weight", "ffn.fc2.bias"),
                    plan.resizes().stream().map(GraphStructure.Resize::qualifiedName).sorted((a, b) ->
                            order(a) - order(b)).toList());
            assertNull(plan.verify());
        }
    }

    private static int order(String name) {
        return List.of("ffn.fc1.weight", "ffn.fc1.bias", "ffn.fc2.weight", "ffn.fc2.bias").indexOf(name);
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
