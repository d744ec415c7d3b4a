package io.jprune.agent.instrumentation.onnxruntime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import io.jprune.runtime.tensor.Shape;

import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * How an exported graph reads as PyTorch modules: names from node names where an initializer's own name is opaque,
 * a MatMul's {@code [in, out]} operand and a Gemm's B with {@code transB=0} presented as Linear weights
 * {@code [out, in]} and written back in the graph's layout, and the initializers that are not parameters, each with
 * its reason.
 */
class OnnxGraphTest {
    private static final String QUERY = "/encoder/layer.0/attention/self/query";

    @Test
    void opaqueMatMulWeightsAreNamedAfterTheirModuleAndShownAsLinearWeights() {
        OnnxGraph graph = OnnxGraph.parse(model().toByteArray());
        OnnxParameter query = graph.parameters().get(0);
        assertEquals("onnx::MatMul_787", query.onnxName());
        assertEquals("encoder.layer.0.attention.self.query.weight", query.qualifiedName());
        assertEquals(Shape.of(2, 3), query.shape());
        assertTrue(query.transposed());
        assertEquals("Linear", query.layer());
        // stored [in=3, out=2] row-major: in0 -> (1, 2), in1 -> (3, 4), in2 -> (5, 6)
        assertArrayEquals(new float[] {1, 3, 5, 2, 4, 6}, graph.values(query));

        OnnxParameter bias = graph.parameters().get(1);
        assertEquals("encoder.layer.0.attention.self.query.bias", bias.qualifiedName());
        assertFalse(bias.transposed());
    }

    @Test
    void gemmWeightsAreTransposedOnlyWithoutTransB() {
        List<OnnxParameter> parameters = OnnxGraph.parse(model().toByteArray()).parameters();
        OnnxParameter plain = parameters.get(2);
        assertEquals("classifier.weight", plain.qualifiedName());
        assertEquals(Shape.of(2, 3), plain.shape());
        assertTrue(plain.transposed());
        OnnxParameter transB = parameters.get(3);
        assertEquals("head.weight", transB.qualifiedName());
        assertEquals(Shape.of(4, 2), transB.shape());
        assertFalse(transB.transposed());
        assertEquals(4, parameters.size());
    }

    @Test
    void shapesQuantizedAndUnusedInitializersAreListedWithTheirReason() {
        Map<String, String> skipped = OnnxGraph.parse(model().toByteArray()).notParameters();
        assertEquals(Map.of(
                "shape", "integer shapes or indices (int64); jprune prunes float32 initializers",
                "q8", "a quantized weight (int8); jprune prunes float32 initializers",
                "unused", "feeds no node of the graph"), skipped);
    }

    @Test
    void initializersThatAreNoParameterAreRefusedByNameWithTheirReason() {
        OnnxNames names = new OnnxNames(OnnxGraph.parse(model().toByteArray()));
        assertEquals("integer shapes or indices (int64); jprune prunes float32 initializers",
                names.whyNotAParameter("shape"));
        assertEquals("a quantized weight (int8); jprune prunes float32 initializers", names.whyNotAParameter("q8"));
        assertEquals("feeds no node of the graph", names.whyNotAParameter("unused"));
        assertNull(names.whyNotAParameter("onnx::MatMul_787"));
        assertNull(names.whyNotAParameter("nothing"));
        assertEquals(List.of("shape", "q8", "unused"), List.copyOf(names.notParameters().keySet()),
                "listed in the graph's order");
    }

    @Test
    void opaqueOnnxNamesStandForTheParametersNamedAfterTheirModule() {
        OnnxNames names = new OnnxNames(OnnxGraph.parse(model().toByteArray()));
        assertEquals("encoder.layer.0.attention.self.query.weight", names.qualifiedName("onnx::MatMul_787"));
        assertEquals("classifier.weight", names.qualifiedName("onnx::Gemm_9"));
        assertNull(names.qualifiedName("head.weight"), "a PyTorch name is its own name");
        assertNull(names.qualifiedName("shape"));
        assertEquals("onnx::MatMul_787", names.otherName("encoder.layer.0.attention.self.query.weight"));
        assertNull(names.otherName("head.weight"));
    }

    @Test
    void newValuesAreWrittenBackInTheGraphsLayoutAndNothingElseChanges() throws Exception {
        ModelProto model = model();
        OnnxGraph graph = OnnxGraph.parse(model.toByteArray());
        OnnxParameter query = graph.parameters().get(0);
        byte[] written = graph.withValues(Map.of(query, new float[] {1, 3, 0, 2, 0, 6}));
        ModelProto reread = ModelProto.parseFrom(written);
        assertArrayEquals(new float[] {1, 2, 3, 0, 0, 6}, storedValues(reread, "onnx::MatMul_787"));
        assertArrayEquals(new float[] {1, 3, 0, 2, 0, 6}, OnnxGraph.parse(written).values(query));
        assertEquals(model.getGraph().getNodeList(), reread.getGraph().getNodeList());
        assertEquals(model.getGraph().getInitializer(1), reread.getGraph().getInitializer(1));
    }

    private static float[] storedValues(ModelProto model, String name) {
        for (TensorProto tensor : model.getGraph().getInitializerList()) {
            if (tensor.getName().equals(name)) {
                FloatBuffer floats = tensor.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN)
                        .asFloatBuffer();
                float[] values = new float[floats.remaining()];
                floats.get(values);
                return values;
            }
        }
        throw new AssertionError(name);
    }

    /** A small graph shaped like an exported transformer layer, a classifier head and some non-weights. */
    static ModelProto model() {
        GraphProto graph = GraphProto.newBuilder().setName("tiny")
                .addNode(node(QUERY + "/MatMul", "MatMul", "x", "onnx::MatMul_787"))
                .addNode(node(QUERY + "/Add", "Add", "q", "encoder.layer.0.attention.self.query.bias"))
                .addNode(node("/Reshape", "Reshape", "q", "shape"))
                .addNode(node("/classifier/Gemm", "Gemm", "r", "onnx::Gemm_9"))
                .addNode(node("/head/Gemm", "Gemm", "c", "head.weight").toBuilder()
                        .addAttribute(AttributeProto.newBuilder().setName("transB").setI(1)
                                .setType(AttributeProto.AttributeType.INT)).build())
                .addNode(node("/dequant/DequantizeLinear", "DequantizeLinear", "q8"))
                .addInitializer(floats("onnx::MatMul_787", new long[] {3, 2}, 1, 2, 3, 4, 5, 6))
                .addInitializer(floats("encoder.layer.0.attention.self.query.bias", new long[] {2}, 7, 8))
                .addInitializer(TensorProto.newBuilder().setName("shape").addDims(2)
                        .setDataType(TensorProto.DataType.INT64_VALUE).addInt64Data(1).addInt64Data(-1))
                .addInitializer(floats("onnx::Gemm_9", new long[] {3, 2}, 1, 2, 3, 4, 5, 6))
                .addInitializer(floats("head.weight", new long[] {4, 2}, 1, 2, 3, 4, 5, 6, 7, 8))
                .addInitializer(TensorProto.newBuilder().setName("q8").addDims(1)
                        .setDataType(TensorProto.DataType.INT8_VALUE).addInt32Data(3))
                .addInitializer(floats("unused", new long[] {1}, 9))
                .build();
        return ModelProto.newBuilder().setIrVersion(8).setGraph(graph).build();
    }

    private static NodeProto node(String name, String op, String... inputs) {
        return NodeProto.newBuilder().setName(name).setOpType(op).addAllInput(List.of(inputs))
                .addOutput(name + ":0").build();
    }

    private static TensorProto floats(String name, long[] dims, float... values) {
        TensorProto.Builder tensor = TensorProto.newBuilder().setName(name)
                .setDataType(TensorProto.DataType.FLOAT_VALUE);
        for (long dim : dims) {
            tensor.addDims(dim);
        }
        for (float value : values) {
            tensor.addFloatData(value);
        }
        return tensor.build();
    }
}
