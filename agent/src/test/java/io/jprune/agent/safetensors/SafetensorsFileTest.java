package io.jprune.agent.safetensors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** jprune's safetensors reader and writer against an independent numpy writer and reader (the spec, both ways). */
class SafetensorsFileTest {

    @TempDir
    Path folder;

    @Test
    void readsEveryDtypeTheNumpyWriterWroteExactly() throws Exception {
        String expected = Files.readString(NumpySafetensors.fixture("dtypes.expected.txt"));
        List<StoredTensor> read = SafetensorsFile.read(NumpySafetensors.fixture("dtypes.safetensors"));
        assertEquals(expected.substring(expected.indexOf('\n') + 1), NumpySafetensors.lines(read));
    }

    @Test
    void readsPyTorchStyleMasksAsFloat32BoolAndUint8() throws Exception {
        List<StoredTensor> masks = SafetensorsFile.read(NumpySafetensors.fixture("tinynet-masks.safetensors"));
        assertEquals(List.of("conv1.weight_mask", "fc1.weight_mask", "conv1.bias"),
                masks.stream().map(StoredTensor::name).toList());
        assertEquals("[2, 1, 2, 2]", masks.get(0).shapeText());
        assertEquals("BOOL", masks.get(1).dtype());
        assertEquals(List.of(1f, 0f, 1f, 1f, 0f, 1f), floats(masks.get(1).values()));
        StoredTensor u8 = SafetensorsFile.read(NumpySafetensors.fixture("tinynet-u8-mask.safetensors")).get(0);
        assertEquals("U8", u8.dtype());
        assertEquals(List.of(1f, 0f, 1f, 1f, 0f, 1f), floats(u8.values()));
    }

    @Test
    void writesWhatTheNumpyReaderReadsBackBitForBit() throws Exception {
        List<StoredTensor> tensors = List.of(
                StoredTensor.f32("conv1.weight_orig", new int[] {2, 1, 2, 2},
                        new float[] {0.5f, -0.25f, Float.MIN_VALUE, -0.0f, 3.4028235e38f, 1e-7f, 0.1f, -1f}),
                StoredTensor.f32("conv1.weight_mask", new int[] {2, 1, 2, 2}, new float[] {1, 0, 1, 1, 0, 1, 1, 0}),
                StoredTensor.f32("fc1.bias", new int[] {3}, new float[] {0f, 1.5f, -2f}));
        Path file = folder.resolve("state.safetensors");
        SafetensorsFile.write(file, tensors, Map.of("format", "pt"));

        ByteBuffer start = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(0, start.getLong() % 8, "the header is padded to 8 bytes, so the data is aligned");
        assertEquals(NumpySafetensors.lines(tensors), NumpySafetensors.lines(SafetensorsFile.read(file)));
        assertEquals("metadata {\"format\": \"pt\"}\n" + NumpySafetensors.lines(tensors),
                NumpySafetensors.readWithNumpy(file));
    }

    @Test
    void refusesFilesThatBreakTheFormatSayingWhere() throws Exception {
        assertEquals(folder.resolve("short") + " is not a safetensors file: 3 bytes, shorter than the 8-byte header "
                + "length", refusal(new byte[] {1, 2, 3}, "short"));
        assertEquals(folder.resolve("long") + " is not a safetensors file: its header length 1000 does not fit a "
                + "file of 12 bytes", refusal(file(1000, "{}  ", new byte[0]), "long"));
        assertEquals(folder.resolve("hole") + ": tensor b starts at byte 8 of the data, but the tensors before it end "
                + "at 4 (the data must be covered without holes or overlaps)", refusal(file(-1,
                "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
                        + "\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,12]}}", new byte[12]), "hole"));
        assertEquals(folder.resolve("size") + ": tensor a of shape [2, 2] and dtype F32 needs 16 bytes, but its "
                + "data_offsets [0, 12] hold 12", refusal(file(-1,
                "{\"a\":{\"dtype\":\"F32\",\"shape\":[2,2],\"data_offsets\":[0,12]}}", new byte[12]), "size"));
        assertEquals(folder.resolve("dtype") + ": tensor a has dtype C64; jprune reads F32, F64, F16, BF16, BOOL, U8, "
                + "I8, I32, I64", refusal(file(-1,
                "{\"a\":{\"dtype\":\"C64\",\"shape\":[1],\"data_offsets\":[0,8]}}", new byte[8]), "dtype"));
        assertEquals("tensor m: a BOOL tensor holds the byte 2, not 0 or 1", refusal(file(-1,
                "{\"m\":{\"dtype\":\"BOOL\",\"shape\":[2],\"data_offsets\":[0,2]}}", new byte[] {1, 2}), "bool"));
    }

    private String refusal(byte[] content, String name) throws IOException {
        Path file = folder.resolve(name);
        Files.write(file, content);
        return assertThrows(IllegalArgumentException.class, () -> SafetensorsFile.read(file)).getMessage();
    }

    /** A file with this header text; the header length given, or the text's own when negative. */
    private static byte[] file(long headerLength, String header, byte[] data) {
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(8 + json.length + data.length).order(ByteOrder.LITTLE_ENDIAN)
                .putLong(headerLength < 0 ? json.length : headerLength).put(json).put(data).array();
    }

    private static List<Float> floats(float[] values) {
        Float[] boxed = new Float[values.length];
        for (int i = 0; i < values.length; i++) {
            boxed[i] = values[i];
        }
        return List.of(boxed);
    }
}
