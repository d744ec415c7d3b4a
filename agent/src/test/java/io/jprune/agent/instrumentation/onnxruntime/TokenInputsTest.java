package io.jprune.agent.instrumentation.onnxruntime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.jprune.runtime.spi.GraphStructure;

import java.nio.LongBuffer;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * A model whose input is int64 token ids (an embedding Gather, then a feed-forward block): the app's input map is
 * captured with its ids, and the feed-forward features compact, checked on that run.
 */
class TokenInputsTest {

    @Test
    void tokenIdInputsAreCapturedAndTheCompactionIsCheckedOnThem() throws Exception {
        byte[] bytes = model();
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession app = env.createSession(bytes, new OrtSession.SessionOptions());
             OnnxTensor ids = OnnxTensor.createTensor(env, LongBuffer.wrap(new long[] {3, 1, 4, 1, 5}),
                     new long[] {1, 5})) {
            OnnxInputForm form = new OnnxInputForm();
            Map<String, OnnxTensor> inputs = Map.of("ids", ids);
            assertTrue(form.accepts(inputs));
            assertEquals(40, form.bytes(inputs));
            OnnxRun run = (OnnxRun) form.copy(inputs);
            assertArrayEquals(new long[] {3, 1, 4, 1, 5}, run.integers().get("ids"));
            assertArrayEquals(new long[] {1, 5}, run.shapes().get("ids"));

            SessionRecord record = new SessionRecord(app, ModelSource.of(bytes, app), null);
            Map<String, float[]> values = new LinkedHashMap<>();
            Map<String, float[]> masks = new LinkedHashMap<>();
            for (OnnxParameter parameter : record.graph().parameters()) {
                float[] value = record.readModel().values(parameter);
                if (parameter.qualifiedName().equals("fc1.weight")) {
                    float[] mask = OnnxStructureTest.lnStructured(value, parameter.shape().size(0));
                    masks.put(parameter.qualifiedName(), mask);
                    for (int i = 0; i < value.length; i++) {
                        value[i] *= mask[i];
                    }
                }
                values.put(parameter.qualifiedName(), value);
            }
            List<Object[]> runs = List.<Object[]>of(new Object[] {run});
            GraphStructure.Plan plan = new OnnxStructure(record, app.getClass()).plan(values, masks, runs);
            assertArrayEquals(new int[] {16, 8}, plan.report().module("fc1").getCompactedShape());
            assertArrayEquals(new int[] {8, 16}, plan.report().module("fc2").getCompactedShape());
            assertNull(plan.verify());
        }
    }

    /** ids [1, 5] int64 -> Gather(embedding [10, 8]) -> fc1 (8 -> 32) + bias -> Relu -> fc2 (32 -> 8) + bias -> y. */
    private static byte[] model() {
        Random random = new Random(5);
        GraphProto.Builder graph = GraphProto.newBuilder().setName("tokens");
        graph.addInput(ValueInfoProto.newBuilder().setName("ids").setType(TypeProto.newBuilder().setTensorType(
                TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.INT64_VALUE).setShape(
                        TensorShapeProto.newBuilder().addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(1))
                                .addDim(TensorShapeProto.Dimension.newBuilder().setDimParam("tokens"))))));
        graph.addInitializer(floats("embedding.weight", random, 10, 8));
        graph.addInitializer(floats("fc1.weight", random, 8, 32));
        graph.addInitializer(floats("fc1.bias", random, 32));
        graph.addInitializer(floats("fc2.weight", random, 32, 8));
        graph.addInitializer(floats("fc2.bias", random, 8));
        GraphBuilding.node(graph, "Gather", "embedded", "embedding.weight", "ids");
        GraphBuilding.node(graph, "MatMul", "fc1_mm", "embedded", "fc1.weight");
        GraphBuilding.node(graph, "Add", "fc1_out", "fc1_mm", "fc1.bias");
        GraphBuilding.node(graph, "Relu", "activated", "fc1_out");
        GraphBuilding.node(graph, "MatMul", "fc2_mm", "activated", "fc2.weight");
        GraphBuilding.node(graph, "Add", "y", "fc2_mm", "fc2.bias");
        graph.addOutput(GraphBuilding.value("y", 1, 5, 8));
        return ModelProto.newBuilder().setIrVersion(8).addOpsetImport(OperatorSetIdProto.newBuilder().setVersion(13))
                .setGraph(graph).build().toByteArray();
    }

    private static TensorProto floats(String name, Random random, int... dims) {
        TensorProto.Builder tensor = TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.FLOAT_VALUE);
        int count = Arrays.stream(dims).reduce(1, (a, b) -> a * b);
        for (int d : dims) {
            tensor.addDims(d);
        }
        for (int i = 0; i < count; i++) {
            tensor.addFloatData((float) random.nextGaussian());
        }
        return tensor.build();
    }
}
