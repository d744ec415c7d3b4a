package io.jprune.agent.instrumentation.onnxruntime;

import io.jprune.runtime.diagnostics.DiagnosticLog;

import java.io.IOException;
import java.lang.ref.Cleaner;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Where a session's model came from: a file (read again whenever jprune needs the model's values, so that its bytes
 * are not kept on the Java heap; a file that changed since is refused) or bytes the app gave, which are written at
 * creation (the app may reuse its array or buffer) to a temporary file jprune reads the same way and deletes once
 * the session is closed or collected, or the JVM exits. Only when that file cannot be written are the bytes kept on
 * the heap, as long as the session.
 */
abstract class ModelSource {
    /** Deletes the temporary file of a session the app dropped without closing it. */
    private static volatile Cleaner cleaner;

    /**
     * The source of a model passed to an {@code OrtSession} constructor: a path, a {@code byte[]} or a buffer;
     * {@code session} is the session it is the model of, whose collection deletes a temporary file.
     */
    static ModelSource of(Object model, Object session) {
        if (model instanceof String path) {
            return new FromFile(Path.of(path));
        }
        if (model instanceof byte[] bytes) {
            return spilled(ByteBuffer.wrap(bytes), session, null);
        }
        if (model instanceof ByteBuffer buffer) {
            return spilled(buffer.duplicate(), session, null);
        }
        throw new IllegalArgumentException("an ONNX model given as " + (model == null ? "null"
                : model.getClass().getName()));
    }

    /** A model file jprune found for {@code session}: it is read again from there, like the file the app names. */
    static ModelSource ofFile(Path file) {
        return new FromFile(file);
    }

    /**
     * A model jprune found for {@code session} inside a jar ({@code name}: the entry's file name without
     * {@code .onnx}), kept like bytes the app gave.
     */
    static ModelSource ofResource(byte[] model, String name, Object session) {
        return spilled(ByteBuffer.wrap(model), session, name);
    }

    /** The model's bytes in a temporary file, or on the heap when that file cannot be written. */
    private static ModelSource spilled(ByteBuffer model, Object session, String name) {
        Path file = null;
        try {
            file = Files.createTempFile("jprune-onnx-", ".onnx");
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                while (model.hasRemaining()) {
                    channel.write(model);
                }
            }
            file.toFile().deleteOnExit();
            Spilled spilled = new Spilled(file, name);
            cleaner().register(session, spilled::release);
            return spilled;
        } catch (IOException | RuntimeException e) {
            deleteQuietly(file);
            DiagnosticLog.info("cannot write an ONNX model the app gave as bytes to a temporary file ("
                    + e.getMessage() + "): jprune keeps a copy of its " + model.limit() + " bytes on the heap instead");
            model.rewind();
            byte[] bytes = new byte[model.remaining()];
            model.get(bytes);
            return new FromBytes(bytes, name);
        }
    }

    private static Cleaner cleaner() {
        Cleaner current = cleaner;
        if (current == null) {
            synchronized (ModelSource.class) {
                if (cleaner == null) {
                    cleaner = Cleaner.create();
                }
                current = cleaner;
            }
        }
        return current;
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                DiagnosticLog.debug("cannot delete " + file + ": " + e.getMessage());
            }
        }
    }

    /** The model's serialized {@code ModelProto}. */
    abstract byte[] bytes() throws IOException;

    /** A name for the model from its source (the file's name without {@code .onnx}), or {@code null}. */
    abstract String name();

    /** The session is closed: whatever jprune keeps for it alone (a temporary file) goes. */
    void release() {
    }

    private static class FromFile extends ModelSource {
        final Path path;
        /** The SHA-256 of the file when jprune first read it; a later read must find the same bytes. */
        private byte[] digest;
        /** The file's size and time of last change when its digest was last checked, {@code null} before. */
        private String checked;

        FromFile(Path path) {
            this.path = path;
        }

        @Override
        synchronized byte[] bytes() throws IOException {
            String stamp = Files.size(path) + "@" + Files.getLastModifiedTime(path);
            byte[] bytes = Files.readAllBytes(path);
            if (stamp.equals(checked)) {
                return bytes;
            }
            byte[] now = sha256(bytes);
            if (digest == null) {
                digest = now;
            } else if (!MessageDigest.isEqual(digest, now)) {
                throw new IOException("the model file " + path + " changed since the session was created from it");
            }
            checked = stamp;
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

    /** Bytes the app gave, in a temporary file of jprune's, whose name is no name of the app's. */
    private static final class Spilled extends FromFile {
        private final String name;

        Spilled(Path path, String name) {
            super(path);
            this.name = name;
        }

        @Override
        String name() {
            return name;
        }

        @Override
        void release() {
            deleteQuietly(path);
        }

        @Override
        public String toString() {
            return "bytes given by the app, kept in " + path;
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
