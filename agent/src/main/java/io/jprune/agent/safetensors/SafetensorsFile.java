package io.jprune.agent.safetensors;

import io.jprune.agent.json.JsonValues;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The safetensors format, from its specification: an 8-byte little-endian unsigned header length, a UTF-8 JSON
 * header ({@code {"name": {"dtype": "F32", "shape": [6, 1, 3, 3], "data_offsets": [begin, end]}, ...}} with an
 * optional {@code "__metadata__"} map of strings), padded with spaces, then the tensors' raw little-endian bytes,
 * which the offsets (relative to the end of the header) must cover without holes or overlaps. What PyTorch's
 * {@code safetensors.torch.save_file(model.state_dict(), ...)} writes and {@code load_file} reads.
 */
public final class SafetensorsFile {
    /** The reference implementation refuses headers beyond 100 MB; so does this reader. */
    private static final long MAX_HEADER_BYTES = 100_000_000L;
    private static final String METADATA = "__metadata__";

    private SafetensorsFile() {
    }

    /**
     * Writes {@code tensors} (float32) in the given order, with {@code metadata}, replacing {@code file} only once
     * the whole file is written.
     */
    public static void write(Path file, List<StoredTensor> tensors, Map<String, String> metadata) throws IOException {
        Map<String, Object> header = new LinkedHashMap<>();
        if (!metadata.isEmpty()) {
            header.put(METADATA, metadata);
        }
        long offset = 0;
        for (StoredTensor tensor : tensors) {
            if (!tensor.dtype().equals("F32") || tensor.values().length != tensor.numel()) {
                throw new IllegalArgumentException(tensor.name() + ": only float32 tensors whose values fill their "
                        + "shape " + tensor.shapeText() + " are written");
            }
            long end = offset + 4L * tensor.values().length;
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("dtype", "F32");
            entry.put("shape", tensor.shape());
            entry.put("data_offsets", new long[] {offset, end});
            if (header.put(tensor.name(), entry) != null) {
                throw new IllegalArgumentException("tensor " + tensor.name() + " is given twice");
            }
            offset = end;
        }
        byte[] json = JsonValues.write(header).getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) / 8 * 8;
        ByteBuffer out = ByteBuffer.allocate(Math.toIntExact(8 + padded + offset)).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(padded).put(json);
        for (int i = json.length; i < padded; i++) {
            out.put((byte) ' ');
        }
        for (StoredTensor tensor : tensors) {
            for (float value : tensor.values()) {
                out.putFloat(value);
            }
        }
        Path temporary = Files.createTempFile(file.toAbsolutePath().getParent(), file.getFileName().toString(), ".part");
        try {
            Files.write(temporary, out.array());
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /**
     * Reads every tensor, in the order of their data in the file.
     *
     * @throws IllegalArgumentException naming what in the file breaks the format (the tensor, when one does)
     */
    public static List<StoredTensor> read(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        if (bytes.length < 8) {
            throw new IllegalArgumentException(file + " is not a safetensors file: " + bytes.length + " bytes, "
                    + "shorter than the 8-byte header length");
        }
        ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long headerLength = in.getLong();
        if (headerLength < 2 || headerLength > MAX_HEADER_BYTES || headerLength > bytes.length - 8L) {
            throw new IllegalArgumentException(file + " is not a safetensors file: its header length " + headerLength
                    + " does not fit a file of " + bytes.length + " bytes");
        }
        int dataStart = 8 + (int) headerLength;
        String json = new String(bytes, 8, (int) headerLength, StandardCharsets.UTF_8);
        if (!json.startsWith("{")) {
            throw new IllegalArgumentException(file + " is not a safetensors file: its header does not start with {");
        }
        Object header;
        try {
            header = JsonValues.read(json);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": its header is " + e.getMessage());
        }
        List<Located> located = new ArrayList<>();
        for (Map.Entry<?, ?> entry : ((Map<?, ?>) header).entrySet()) {
            String name = (String) entry.getKey();
            if (!name.equals(METADATA)) {
                located.add(Located.of(file, name, entry.getValue()));
            }
        }
        located.sort(Comparator.comparingLong(Located::begin));
        long dataLength = bytes.length - (long) dataStart;
        long covered = 0;
        List<StoredTensor> tensors = new ArrayList<>();
        for (Located tensor : located) {
            if (tensor.begin() != covered) {
                throw new IllegalArgumentException(file + ": tensor " + tensor.name() + " starts at byte "
                        + tensor.begin() + " of the data, but the tensors before it end at " + covered
                        + " (the data must be covered without holes or overlaps)");
            }
            if (tensor.end() > dataLength) {
                throw new IllegalArgumentException(file + ": tensor " + tensor.name() + " ends at byte " + tensor.end()
                        + " of the data, past its end (" + dataLength + " bytes)");
            }
            tensors.add(tensor.values(in.duplicate().order(ByteOrder.LITTLE_ENDIAN)
                    .position(dataStart + (int) tensor.begin())));
            covered = tensor.end();
        }
        if (covered != dataLength) {
            throw new IllegalArgumentException(file + ": " + (dataLength - covered) + " bytes of data after the last "
                    + "tensor belong to no tensor");
        }
        return tensors;
    }

    /** One header entry, checked: its dtype known, its shape whole, its byte range as long as the shape needs. */
    private record Located(String name, Dtype dtype, long[] shape, long begin, long end) {

        static Located of(Path file, String name, Object entry) {
            if (!(entry instanceof Map<?, ?> fields)) {
                throw new IllegalArgumentException(file + ": header entry " + name + " is not an object");
            }
            Object dtypeName = fields.get("dtype");
            Dtype dtype = Dtype.named(String.valueOf(dtypeName)).orElseThrow(() -> new IllegalArgumentException(
                    file + ": tensor " + name + " has dtype " + dtypeName + "; jprune reads " + Dtype.names()));
            long[] shape = longs(file, name, "shape", fields.get("shape"), -1);
            long[] offsets = longs(file, name, "data_offsets", fields.get("data_offsets"), 2);
            long numel = 1;
            for (long dim : shape) {
                numel = Math.multiplyExact(numel, dim);
            }
            if (offsets[1] - offsets[0] != numel * dtype.bytes()) {
                throw new IllegalArgumentException(file + ": tensor " + name + " of shape "
                        + Arrays.toString(shape) + " and dtype " + dtype + " needs " + numel * dtype.bytes()
                        + " bytes, but its data_offsets [" + offsets[0] + ", " + offsets[1] + "] hold "
                        + (offsets[1] - offsets[0]));
            }
            if (numel > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException(file + ": tensor " + name + " has " + numel + " values, more than "
                        + "a Java array holds");
            }
            return new Located(name, dtype, shape, offsets[0], offsets[1]);
        }

        StoredTensor values(ByteBuffer data) {
            float[] values = new float[Math.toIntExact((end - begin) / dtype.bytes())];
            try {
                for (int i = 0; i < values.length; i++) {
                    values[i] = dtype.read(data);
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("tensor " + name + ": " + e.getMessage());
            }
            return new StoredTensor(name, dtype.name(), shape, values);
        }

        private static long[] longs(Path file, String name, String field, Object value, int length) {
            if (!(value instanceof List<?> list) || (length >= 0 && list.size() != length)) {
                throw new IllegalArgumentException(file + ": tensor " + name + " has no valid " + field + " (got "
                        + value + ")");
            }
            long[] longs = new long[list.size()];
            for (int i = 0; i < longs.length; i++) {
                if (!(list.get(i) instanceof Long number) || number < 0) {
                    throw new IllegalArgumentException(file + ": tensor " + name + " has a " + field
                            + " that is not a list of non-negative integers: " + value);
                }
                longs[i] = number;
            }
            if (length == 2 && longs[1] < longs[0]) {
                throw new IllegalArgumentException(file + ": tensor " + name + " ends before it begins: " + value);
            }
            return longs;
        }
    }
}
