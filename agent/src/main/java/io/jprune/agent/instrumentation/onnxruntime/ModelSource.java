package io.jprune.agent.instrumentation.onnxruntime;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Where a session's model came from: a file (read again whenever jprune needs the model's values, so that its bytes
 * are not kept on the Java heap; a file that changed since is refused) or bytes the app gave (copied at creation,
 * since the app may reuse its array or buffer, and kept as long as the session).
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
        /** The SHA-256 of the file when jprune first read it; a later read must find the same bytes. */
        private byte[] digest;

        FromFile(Path path) {
            this.path = path;
        }

        @Override
        synchronized byte[] bytes() throws IOException {
            byte[] bytes = Files.readAllBytes(path);
            byte[] now = sha256(bytes);
            if (digest == null) {
                digest = now;
            } else if (!MessageDigest.isEqual(digest, now)) {
                throw new IOException("the model file " + path + " changed since the session was created from it");
            }
            return bytes;
        }

        private static byte[] sha256(byte[] bytes) {
            try {
                return MessageDigest.getInstance("SHA-256").digest(bytes);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("this JVM has no SHA-256", e);
            }
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
