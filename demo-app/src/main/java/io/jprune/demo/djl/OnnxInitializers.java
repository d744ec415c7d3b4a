package io.jprune.demo.djl;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The float initializers of an ONNX file (its trained weights), read straight from the protobuf bytes: the DJL
 * service takes Tribuo's {@code cnn_mnist} weights from the same file the ONNX Runtime service runs, and this small
 * reader spares the demo a protobuf library. It knows only the fields it needs: {@code ModelProto.graph} (7),
 * {@code GraphProto.initializer} (5), and {@code TensorProto}'s {@code dims} (1), {@code data_type} (2),
 * {@code float_data} (4), {@code name} (8) and {@code raw_data} (9).
 */
final class OnnxInitializers {
    private static final int FLOAT = 1;

    private OnnxInitializers() {
    }

    /** One initializer: its name, shape and row-major values. */
    record Tensor(String name, long[] dims, float[] values) {
    }

    /** Every float initializer of the model in {@code file}, by name, in file order. */
    static Map<String, Tensor> read(byte[] file) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        Reader model = new Reader(ByteBuffer.wrap(file));
        while (model.more()) {
            int key = model.varint32();
            if (key >>> 3 == 7 && (key & 7) == 2) {
                Reader graph = model.nested();
                while (graph.more()) {
                    int graphKey = graph.varint32();
                    if (graphKey >>> 3 == 5 && (graphKey & 7) == 2) {
                        Tensor tensor = tensor(graph.nested());
                        if (tensor != null) {
                            out.put(tensor.name(), tensor);
                        }
                    } else {
                        graph.skip(graphKey & 7);
                    }
                }
            } else {
                model.skip(key & 7);
            }
        }
        return out;
    }

    private static Tensor tensor(Reader in) {
        long[] dims = new long[0];
        int type = 0;
        String name = "";
        float[] values = null;
        ByteArrayOutputStream floatData = new ByteArrayOutputStream();
        while (in.more()) {
            int key = in.varint32();
            int field = key >>> 3;
            int wire = key & 7;
            if (field == 1 && wire == 0) {
                dims = append(dims, in.varint());
            } else if (field == 1 && wire == 2) {
                Reader packed = in.nested();
                while (packed.more()) {
                    dims = append(dims, packed.varint());
                }
            } else if (field == 2 && wire == 0) {
                type = (int) in.varint();
            } else if (field == 4 && wire == 2) {
                floatData.writeBytes(in.bytes());
            } else if (field == 4 && wire == 5) {
                floatData.writeBytes(in.fixed32());
            } else if (field == 8 && wire == 2) {
                name = new String(in.bytes(), java.nio.charset.StandardCharsets.UTF_8);
            } else if (field == 9 && wire == 2) {
                values = floats(in.bytes());
            } else {
                in.skip(wire);
            }
        }
        if (type != FLOAT) {
            return null;
        }
        return new Tensor(name, dims, values != null ? values : floats(floatData.toByteArray()));
    }

    private static long[] append(long[] dims, long dim) {
        long[] out = java.util.Arrays.copyOf(dims, dims.length + 1);
        out[dims.length] = dim;
        return out;
    }

    private static float[] floats(byte[] littleEndian) {
        float[] out = new float[littleEndian.length / Float.BYTES];
        ByteBuffer.wrap(littleEndian).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
        return out;
    }

    /** A protobuf message being read: varints, length-delimited fields and skips. */
    private static final class Reader {
        private final ByteBuffer buffer;

        Reader(ByteBuffer buffer) {
            this.buffer = buffer;
        }

        boolean more() {
            return buffer.hasRemaining();
        }

        long varint() {
            long value = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                byte b = buffer.get();
                value |= (long) (b & 0x7F) << shift;
                if (b >= 0) {
                    return value;
                }
            }
            throw new IllegalArgumentException("malformed varint in the ONNX file");
        }

        int varint32() {
            return (int) varint();
        }

        byte[] bytes() {
            byte[] out = new byte[varint32()];
            buffer.get(out);
            return out;
        }

        byte[] fixed32() {
            byte[] out = new byte[4];
            buffer.get(out);
            return out;
        }

        Reader nested() {
            int length = varint32();
            ByteBuffer slice = buffer.slice(buffer.position(), length);
            buffer.position(buffer.position() + length);
            return new Reader(slice);
        }

        void skip(int wire) {
            switch (wire) {
                case 0 -> varint();
                case 1 -> buffer.position(buffer.position() + 8);
                case 2 -> {
                    int length = varint32();
                    buffer.position(buffer.position() + length);
                }
                case 5 -> buffer.position(buffer.position() + 4);
                default -> throw new IllegalArgumentException("unsupported protobuf wire type " + wire);
            }
        }
    }
}
