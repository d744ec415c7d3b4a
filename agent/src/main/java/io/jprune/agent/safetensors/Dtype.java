package io.jprune.agent.safetensors;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The safetensors dtypes jprune reads, each turned into floats: exactly for masks ({@code BOOL}, {@code U8},
 * {@code F32}) and float32 weights; wider types round to the nearest float.
 */
enum Dtype {
    F32(4) {
        @Override
        float read(ByteBuffer in) {
            return in.getFloat();
        }
    },
    F64(8) {
        @Override
        float read(ByteBuffer in) {
            return (float) in.getDouble();
        }
    },
    F16(2) {
        @Override
        float read(ByteBuffer in) {
            int bits = in.getShort() & 0xffff;
            int sign = (bits & 0x8000) << 16;
            int exponent = (bits >>> 10) & 0x1f;
            int mantissa = bits & 0x3ff;
            if (exponent == 0x1f) {
                return Float.intBitsToFloat(sign | 0x7f800000 | (mantissa << 13));
            }
            if (exponent == 0) {
                float subnormal = mantissa * 0x1p-24f;
                return sign != 0 ? -subnormal : subnormal;
            }
            return Float.intBitsToFloat(sign | ((exponent + 112) << 23) | (mantissa << 13));
        }
    },
    BF16(2) {
        @Override
        float read(ByteBuffer in) {
            return Float.intBitsToFloat((in.getShort() & 0xffff) << 16);
        }
    },
    BOOL(1) {
        @Override
        float read(ByteBuffer in) {
            byte value = in.get();
            if (value != 0 && value != 1) {
                throw new IllegalArgumentException("a BOOL tensor holds the byte " + value + ", not 0 or 1");
            }
            return value;
        }
    },
    U8(1) {
        @Override
        float read(ByteBuffer in) {
            return in.get() & 0xff;
        }
    },
    I8(1) {
        @Override
        float read(ByteBuffer in) {
            return in.get();
        }
    },
    I32(4) {
        @Override
        float read(ByteBuffer in) {
            return in.getInt();
        }
    },
    I64(8) {
        @Override
        float read(ByteBuffer in) {
            return in.getLong();
        }
    };

    private final int bytes;

    Dtype(int bytes) {
        this.bytes = bytes;
    }

    /** Bytes per value. */
    int bytes() {
        return bytes;
    }

    /** Reads one little-endian value. */
    abstract float read(ByteBuffer in);

    static Optional<Dtype> named(String name) {
        return Arrays.stream(values()).filter(dtype -> dtype.name().equals(name)).findFirst();
    }

    static String names() {
        return Arrays.stream(values()).map(Dtype::name).collect(Collectors.joining(", "));
    }
}
