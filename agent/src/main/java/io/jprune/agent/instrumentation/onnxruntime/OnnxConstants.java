package io.jprune.agent.instrumentation.onnxruntime;

import ai.onnx.proto.OnnxMl.TensorProto;
import com.google.protobuf.ByteString;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Reads and writes the values of small ONNX tensors: shape constants and float initializers. */
final class OnnxConstants {
    private OnnxConstants() {
    }

    /** An int64 or int32 tensor's values (a Reshape's shape). */
    static long[] longs(TensorProto tensor) {
        if (!tensor.getRawData().isEmpty()) {
            ByteBuffer raw = tensor.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
            boolean int32 = tensor.getDataType() == TensorProto.DataType.INT32_VALUE;
            long[] values = new long[raw.remaining() / (int32 ? Integer.BYTES : Long.BYTES)];
            for (int i = 0; i < values.length; i++) {
                values[i] = int32 ? raw.getInt() : raw.getLong();
            }
            return values;
        }
        if (tensor.getInt64DataCount() > 0) {
            return tensor.getInt64DataList().stream().mapToLong(Long::longValue).toArray();
        }
        return tensor.getInt32DataList().stream().mapToLong(Integer::longValue).toArray();
    }

    /** {@code tensor} holding {@code values} as int64, its dims unchanged. */
    static TensorProto withLongs(TensorProto tensor, long[] values) {
        ByteBuffer raw = ByteBuffer.allocate(values.length * Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (long value : values) {
            raw.putLong(value);
        }
        return tensor.toBuilder().clearInt64Data().clearInt32Data()
                .setDataType(TensorProto.DataType.INT64_VALUE).setRawData(ByteString.copyFrom(raw.array())).build();
    }

    /** {@code tensor} holding {@code values} as float32 with dims {@code dims}. */
    static TensorProto withFloats(TensorProto tensor, float[] values, long[] dims) {
        ByteBuffer raw = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        raw.asFloatBuffer().put(values);
        TensorProto.Builder builder = tensor.toBuilder().clearFloatData().clearDims()
                .setRawData(ByteString.copyFrom(raw.array()));
        for (long d : dims) {
            builder.addDims(d);
        }
        return builder.build();
    }
}
