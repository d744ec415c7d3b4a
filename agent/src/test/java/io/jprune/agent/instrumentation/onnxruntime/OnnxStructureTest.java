package io.jprune.agent.instrumentation.onnxruntime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.jprune.runtime.spi.GraphStructure;
import io.jprune.runtime.spi.ParameterHandle;
import io.jprune.runtime.spi.WeightInstaller;
import io.jprune.runtime.structure.StructureReport;

import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The structure of {@code cnn_mnist.onnx} read from its graph after {@code ln_structured(amount=0.5, n=2, dim=0)} on
 * conv1, conv2 and fc1: the groups through MaxPool, Relu and the Reshape into blocks of 16, the compacted shapes, the
 * compacted model checked against the masked one on runs, then installed and taken back.
 */
class OnnxStructureTest {
    /** The demo's copy of the model, from the agent module (tests) or from the project's root (the benchmark). */
    static final Path MNIST = Stream.of("../demo-app", "demo-app")
            .map(dir -> Path.of(dir, "target/classes/org/tribuo/interop/onnx/cnn_mnist.onnx"))
            .filter(Files::isRegularFile).findFirst()
            .orElse(Path.of("../demo-app/target/classes/org/tribuo/interop/onnx/cnn_mnist.onnx"));
    private static final Set<String> PRUNED = Set.of("conv1.weight", "conv2.weight", "fc1.weight");

    @Test
    void cnnMnistGroupsCompactedShapesAndACheckedInstallThatRestores() throws Exception {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession app = env.createSession(Files.readAllBytes(MNIST), new OrtSession.SessionOptions())) {
            SessionRecord record = new SessionRecord(app, ModelSource.of(MNIST.toString(), app), null);
            Map<String, float[]> values = new LinkedHashMap<>();
            Map<String, float[]> masks = new LinkedHashMap<>();
            for (OnnxParameter parameter : record.graph().parameters()) {
                float[] value = record.readModel().values(parameter);
                if (PRUNED.contains(parameter.qualifiedName())) {
                    float[] mask = lnStructured(value, parameter.shape().size(0));
                    masks.put(parameter.qualifiedName(), mask);
                    for (int i = 0; i < value.length; i++) {
                        value[i] *= mask[i];
                    }
                }
                values.put(parameter.qualifiedName(), value);
            }
            List<Object[]> runs = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                runs.add(new Object[] {image(i)});
            }
            GraphStructure.Plan plan = new OnnxStructure(record, app.getClass()).plan(values, masks, runs);
            StructureReport report = plan.report();
            System.out.println(report.render());
            assertEquals(List.of("conv1 out -> conv2 in [10 channels]",
                    "conv2 out -> fc1 in (blocks of 16) [20 channels]", "fc1 out -> fc2 in [50 channels]",
                    "fc2 out -> nothing jprune slices [10 channels]"), Arrays.asList(report.getGroups()));
            assertArrayEquals(new int[] {5, 1, 5, 5}, report.module("conv1").getCompactedShape());
            assertArrayEquals(new int[] {10, 5, 5, 5}, report.module("conv2").getCompactedShape());
            assertArrayEquals(new int[] {25, 160}, report.module("fc1").getCompactedShape());
            assertArrayEquals(new int[] {10, 25}, report.module("fc2").getCompactedShape());
            assertEquals(160, report.module("fc1").getRemovedInputs().length);
            assertEquals(10L * 24 * 24 * 25, report.module("conv1").getMacs());
            assertEquals(5L * 24 * 24 * 25, report.module("conv1").getCompactedMacs());
            assertTrue(report.getNotes()[report.getNotes().length - 1].contains("LogSoftmax (output output_probs) normalizes or reduces across the channels"),
                    Arrays.toString(report.getNotes()));

            assertNull(plan.verify());
            float[] masked = run(env, maskedSession(env, record, values), image(7));
            SessionInstaller installer = install(record, plan);
            Replacement compacted = record.acquireReplacement();
            assertNotNull(compacted);
            float[] output = run(env, (OrtSession) compacted.session(), image(7));
            compacted.release();
            for (int i = 0; i < masked.length; i++) {
                assertEquals(masked[i], output[i], 1e-5 * Math.max(1, Math.abs(masked[i])));
            }

            compactsTheCompactedModelFurther(env, record, app, runs);

            WeightInstaller.Installation restore = installer.begin();
            for (OnnxParameter parameter : record.graph().parameters()) {
                restore.write(handle(record, parameter.qualifiedName()), OnnxWeight.original(record, parameter));
            }
            restore.commit();
            assertNull(record.acquireReplacement());
        }
    }

    /**
     * After a compaction the graph is read as it runs now (conv1 has 5 output channels); cutting 2 more of them
     * compacts again, the shape constants and edits adding up, and the session built from it computes what the masked
     * compacted model does.
     */
    private static void compactsTheCompactedModelFurther(OrtEnvironment env, SessionRecord record, OrtSession app,
                                                         List<Object[]> runs) throws Exception {
        Map<String, float[]> values = new LinkedHashMap<>();
        Map<String, float[]> masks = new LinkedHashMap<>();
        SessionInstaller installer = new SessionInstaller(record);
        WeightInstaller.Installation masking = installer.begin();
        for (OnnxParameter declared : record.graph().parameters()) {
            OnnxParameter current = record.installedShape(declared);
            float[] value = record.installed(declared).values();
            if (current.qualifiedName().equals("conv1.weight")) {
                float[] mask = new float[value.length];
                Arrays.fill(mask, 50, value.length, 1f);
                Arrays.fill(value, 0, 50, 0f);
                masks.put(current.qualifiedName(), mask);
                ParameterHandle handle = handle(record, current.qualifiedName()).reshaped(current.shape());
                masking.write(handle, handle.toAppValue(value));
            }
            values.put(current.qualifiedName(), value);
        }
        GraphStructure.Plan again = new OnnxStructure(record, app.getClass()).plan(values, masks, runs);
        System.out.println(again.report().render());
        assertArrayEquals(new int[] {5, 1, 5, 5}, again.report().module("conv1").getShape());
        assertArrayEquals(new int[] {3, 1, 5, 5}, again.report().module("conv1").getCompactedShape());
        assertArrayEquals(new int[] {10, 3, 5, 5}, again.report().module("conv2").getCompactedShape());
        assertArrayEquals(new int[] {25, 160}, again.report().module("fc1").getCompactedShape());
        assertNull(again.verify());
        masking.commit();
        float[] masked;
        try (OrtSession maskedCompacted = env.createSession(record.installedModel(), new OrtSession.SessionOptions())) {
            masked = run(env, maskedCompacted, image(9));
        }
        install(record, again);
        Replacement twice = record.acquireReplacement();
        float[] output = run(env, (OrtSession) twice.session(), image(9));
        twice.release();
        for (int i = 0; i < masked.length; i++) {
            assertEquals(masked[i], output[i], 1e-5 * Math.max(1, Math.abs(masked[i])));
        }
    }

    /** Installs the plan's resized weights as the engine would, in one generation. */
    static SessionInstaller install(SessionRecord record, GraphStructure.Plan plan) {
        SessionInstaller installer = new SessionInstaller(record);
        WeightInstaller.Installation installation = installer.begin();
        for (GraphStructure.Resize resize : plan.resizes()) {
            ParameterHandle handle = handle(record, resize.qualifiedName()).reshaped(resize.shape());
            installation.write(handle, handle.toAppValue(resize.values()));
        }
        installation.commit();
        return installer;
    }

    private static OrtSession maskedSession(OrtEnvironment env, SessionRecord record, Map<String, float[]> values)
            throws Exception {
        Map<OnnxParameter, float[]> byParameter = new LinkedHashMap<>();
        for (OnnxParameter parameter : record.graph().parameters()) {
            byParameter.put(parameter, values.get(parameter.qualifiedName()));
        }
        return env.createSession(record.readModel().withValues(byParameter), new OrtSession.SessionOptions());
    }

    private static InitializerHandle handle(SessionRecord record, String qualifiedName) {
        for (OnnxParameter parameter : record.graph().parameters()) {
            if (parameter.qualifiedName().equals(qualifiedName)) {
                return new InitializerHandle(record, parameter);
            }
        }
        throw new AssertionError(qualifiedName);
    }

    static float[] run(OrtEnvironment env, OrtSession session, OnnxRun input) throws Exception {
        String name = input.values().keySet().iterator().next();
        try (OnnxTensor tensor = OnnxTensor.createTensor(env, FloatBuffer.wrap(input.values().get(name)),
                input.shapes().get(name));
             OrtSession.Result result = session.run(Map.of(name, tensor))) {
            FloatBuffer buffer = ((OnnxTensor) result.get(0)).getFloatBuffer();
            float[] values = new float[buffer.remaining()];
            buffer.get(values);
            return values;
        }
    }

    static OnnxRun image(int seed) {
        Random random = new Random(seed);
        float[] pixels = new float[28 * 28];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = random.nextFloat();
        }
        return new OnnxRun(Map.of("input_image", new long[] {1, 1, 28, 28}), Map.of("input_image", pixels));
    }

    /** PyTorch's ln_structured(amount=0.5, n=2, dim=0) mask: the rows of smallest L2 norm, half of them, cut. */
    static float[] lnStructured(float[] weight, int rows) {
        int per = weight.length / rows;
        double[] norms = new double[rows];
        for (int r = 0; r < rows; r++) {
            for (int i = 0; i < per; i++) {
                norms[r] += (double) weight[r * per + i] * weight[r * per + i];
            }
        }
        Integer[] order = new Integer[rows];
        for (int r = 0; r < rows; r++) {
            order[r] = r;
        }
        Arrays.sort(order, (a, b) -> Double.compare(norms[a], norms[b]));
        int prune = (int) Math.round(0.5 * rows);
        float[] mask = new float[weight.length];
        Arrays.fill(mask, 1f);
        for (int k = 0; k < prune; k++) {
            Arrays.fill(mask, order[k] * per, (order[k] + 1) * per, 0f);
        }
        return mask;
    }
}
