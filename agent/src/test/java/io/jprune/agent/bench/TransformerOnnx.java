package io.jprune.agent.bench;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.ByteString;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A BERT-like encoder written with ONNX's own protobuf classes, as {@code torch.onnx.export} names things: node
 * names {@code /encoder/layer.0/attention/self/query/MatMul}, opaque MatMul weights {@code onnx::MatMul_N} stored
 * {@code [in, out]}, PyTorch names for biases and LayerNorm parameters. {@value #LAYERS} layers of width
 * {@value #WIDTH} (one attention head) and feed-forward {@value #FEED_FORWARD}: {@link #PARAMETERS} parameters, seeded
 * random weights. Input {@code x [1, }{@value #TOKENS}{@code , }{@value #WIDTH}{@code ]}, output {@code y} alike.
 */
final class TransformerOnnx {
    static final int LAYERS = 7;
    static final int WIDTH = 512;
    static final int FEED_FORWARD = 2048;
    static final int TOKENS = 16;
    /** The model's name in jprune: its file's name. */
    static final String NAME = "transformer";
    static final long PARAMETERS = (long) LAYERS * (4L * (WIDTH * WIDTH + WIDTH) + 2L * WIDTH * FEED_FORWARD
            + FEED_FORWARD + WIDTH + 4L * WIDTH);
    /** The attention weights of layer 0, which the pruned benchmark case prunes. */
    static final List<String> LAYER_0_ATTENTION = List.of("encoder.layer.0.attention.self.query.weight",
            "encoder.layer.0.attention.self.key.weight", "encoder.layer.0.attention.self.value.weight",
            "encoder.layer.0.attention.output.dense.weight");

    private final GraphProto.Builder graph = GraphProto.newBuilder().setName("transformer_encoder");
    private final SplittableRandom random = new SplittableRandom(2024);
    private int opaque = 100;

    private TransformerOnnx() {
    }

    /** Writes the model to {@code file} (created or replaced) and returns it. */
    static Path write(Path file) throws IOException {
        Files.write(file, build().toByteArray());
        return file;
    }

    /** The model. */
    static ModelProto build() {
        TransformerOnnx builder = new TransformerOnnx();
        String x = "x";
        for (int layer = 0; layer < LAYERS; layer++) {
            x = builder.layer(layer, x);
        }
        builder.graph.addNode(NodeProto.newBuilder().setName("/Identity").setOpType("Identity").addInput(x)
                .addOutput("y"));
        builder.graph.addInput(tensor("x")).addOutput(tensor("y"));
        return ModelProto.newBuilder().setIrVersion(8).setProducerName("jprune-bench")
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(17))
                .setGraph(builder.graph).build();
    }

    /** One encoder layer on {@code x}: self-attention, residual, LayerNorm, feed-forward, residual, LayerNorm. */
    private String layer(int index, String x) {
        String prefix = "/encoder/layer." + index;
        String q = linear(prefix + "/attention/self/query", x, WIDTH, WIDTH);
        String k = linear(prefix + "/attention/self/key", x, WIDTH, WIDTH);
        String v = linear(prefix + "/attention/self/value", x, WIDTH, WIDTH);
        String kt = node(prefix + "/attention/self/Transpose", "Transpose", List.of(k),
                AttributeProto.newBuilder().setName("perm").setType(AttributeProto.AttributeType.INTS)
                        .addInts(0).addInts(2).addInts(1).build());
        String scores = node(prefix + "/attention/self/MatMul", "MatMul", List.of(q, kt), null);
        String probabilities = node(prefix + "/attention/self/Softmax", "Softmax", List.of(scores),
                AttributeProto.newBuilder().setName("axis").setType(AttributeProto.AttributeType.INT).setI(-1)
                        .build());
        String context = node(prefix + "/attention/self/MatMul_1", "MatMul", List.of(probabilities, v), null);
        String attention = linear(prefix + "/attention/output/dense", context, WIDTH, WIDTH);
        String h = layerNorm(prefix + "/attention/output/LayerNorm",
                node(prefix + "/attention/output/Add", "Add", List.of(x, attention), null));
        String inner = node(prefix + "/intermediate/Relu", "Relu",
                List.of(linear(prefix + "/intermediate/dense", h, WIDTH, FEED_FORWARD)), null);
        String out = linear(prefix + "/output/dense", inner, FEED_FORWARD, WIDTH);
        return layerNorm(prefix + "/output/LayerNorm", node(prefix + "/output/Add", "Add", List.of(h, out), null));
    }

    /** {@code x W + b}, W stored {@code [in, out]} under an opaque name, b under PyTorch's. */
    private String linear(String module, String x, int in, int out) {
        String weight = "onnx::MatMul_" + opaque++;
        graph.addInitializer(floats(weight, random(in * out, 1 / Math.sqrt(in)), in, out));
        String bias = module.substring(1).replace('/', '.') + ".bias";
        graph.addInitializer(floats(bias, random(out, 0.02), out));
        String product = node(module + "/MatMul", "MatMul", List.of(x, weight), null);
        return node(module + "/Add", "Add", List.of(bias, product), null);
    }

    private String layerNorm(String module, String x) {
        String name = module.substring(1).replace('/', '.');
        float[] ones = new float[WIDTH];
        java.util.Arrays.fill(ones, 1f);
        graph.addInitializer(floats(name + ".weight", ones, WIDTH));
        graph.addInitializer(floats(name + ".bias", new float[WIDTH], WIDTH));
        return node(module + "/LayerNormalization", "LayerNormalization",
                List.of(x, name + ".weight", name + ".bias"), AttributeProto.newBuilder().setName("axis")
                        .setType(AttributeProto.AttributeType.INT).setI(-1).build());
    }

    private String node(String name, String op, List<String> inputs, AttributeProto attribute) {
        String output = name + "_output_0";
        NodeProto.Builder node = NodeProto.newBuilder().setName(name).setOpType(op).addAllInput(inputs)
                .addOutput(output);
        if (attribute != null) {
            node.addAttribute(attribute);
        }
        graph.addNode(node);
        return output;
    }

    private float[] random(int count, double scale) {
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            values[i] = (float) ((random.nextDouble() * 2 - 1) * scale);
        }
        return values;
    }

    private static TensorProto floats(String name, float[] values, int... dims) {
        ByteBuffer raw = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        raw.asFloatBuffer().put(values);
        TensorProto.Builder tensor = TensorProto.newBuilder().setName(name)
                .setDataType(TensorProto.DataType.FLOAT_VALUE).setRawData(ByteString.copyFrom(raw.array()));
        for (int dim : dims) {
            tensor.addDims(dim);
        }
        return tensor.build();
    }

    private static ValueInfoProto tensor(String name) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        for (int dim : new int[] {1, TOKENS, WIDTH}) {
            shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(dim));
        }
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(
                TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.FLOAT_VALUE).setShape(shape))).build();
    }

    /** Seeded input values for one run. */
    static float[] input() {
        float[] values = new float[TOKENS * WIDTH];
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return values;
    }

    /** The tensor names of every weight jprune lists (the MatMul weights, named after their modules). */
    static List<String> weights() {
        List<String> names = new ArrayList<>();
        for (int layer = 0; layer < LAYERS; layer++) {
            String prefix = "encoder.layer." + layer;
            for (String module : List.of(".attention.self.query", ".attention.self.key", ".attention.self.value",
                    ".attention.output.dense", ".intermediate.dense", ".output.dense")) {
                names.add(prefix + module + ".weight");
            }
        }
        return names;
    }
}
