package io.jprune.agent.instrumentation.onnxruntime;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where a session's model came from: a file (read again when jprune needs it, so that the model's bytes are not
 * kept on the Java heap) or bytes the app gave (copied at creation: the app may reuse its array or buffer).
 */
abstract class ModelSource {

    /** The source of a model passed to an {@code OrtSession} constructor: a path, a {@code byte[]} or a buffer. */
    static ModelSource of(Object model) {
        if (model instanceof String path) {
            return new FromFile(Path.of(path));
        }
        if (model instanceof byte[] bytes) {
            return new FromBytes(bytes.clone(), null);
        }
        if (model instanceof ByteBuffer buffer) {
            ByteBuffer view = buffer.duplicate();
            byte[] bytes = new byte[view.remaining()];
            view.get(bytes);
            return new FromBytes(bytes, null);
        }
        throw new IllegalArgumentException("an ONNX model given as " + (model == null ? "null"
                : model.getClass().getName()));
    }

    /** The model's serialized {@code ModelProto}. */
    abstract byte[] bytes() throws IOException;

    /** A name for the model from its source (the file's name without {@code .onnx}), or {@code null}. */
    abstract String name();

    private static final class FromFile extends ModelSource {
        private final Path path;

        FromFile(Path path) {
            this.path = path;
        }

        @Override
        byte[] bytes() throws IOException {
            return Files.readAllBytes(path);
        }

        @Override
        String name() {
            Path file = path.getFileName();
            if (file == null) {
                return null;
            }
            String name = file.toString();
            return name.endsWith(".onnx") ? name.substring(0, name.length() - 5) : name;
        }

        @Override
        public String toString() {
            return path.toString();
        }
    }

    private static final class FromBytes extends ModelSource {
        private final byte[] bytes;
        private final String name;

        FromBytes(byte[] bytes, String name) {
            this.bytes = bytes;
            this.name = name;
        }

        @Override
        byte[] bytes() {
            return bytes;
        }

        @Override
        String name() {
            return name;
        }

        @Override
        public String toString() {
            return bytes.length + " bytes given by the app";
        }
    }
}
