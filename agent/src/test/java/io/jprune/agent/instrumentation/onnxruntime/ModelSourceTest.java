package io.jprune.agent.instrumentation.onnxruntime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where a session's model is read again from: its file, as long as the file still holds the model the session was
 * created from, or the bytes the app gave (which it may reuse), written to a temporary file that goes with the
 * session.
 */
class ModelSourceTest {

    @Test
    void aFileIsReadAgainAndRefusedOnceItChanged(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("encoder.onnx");
        Files.write(file, new byte[] {1, 2, 3});
        ModelSource source = ModelSource.of(file.toString(), new Object());
        assertEquals("encoder", source.name());
        assertArrayEquals(new byte[] {1, 2, 3}, source.bytes());
        assertArrayEquals(new byte[] {1, 2, 3}, source.bytes());
        FileTime created = Files.getLastModifiedTime(file);
        Files.write(file, new byte[] {1, 2, 4});
        Files.setLastModifiedTime(file, FileTime.fromMillis(created.toMillis() + 1000));
        IOException changed = assertThrows(IOException.class, source::bytes);
        assertEquals("the model file " + file + " changed since the session was created from it",
                changed.getMessage());
    }

    @Test
    void bytesAndBuffersAreKeptInATemporaryFileSinceTheAppMayReuseThem() throws IOException {
        byte[] array = {4, 5, 6};
        ModelSource fromArray = ModelSource.of(array, new Object());
        array[0] = 9;
        assertArrayEquals(new byte[] {4, 5, 6}, fromArray.bytes());
        assertNull(fromArray.name(), "named after its graph instead");

        ByteBuffer buffer = ByteBuffer.allocateDirect(3).put(new byte[] {7, 8, 9}).flip();
        ModelSource fromBuffer = ModelSource.of(buffer, new Object());
        buffer.put(0, (byte) 0);
        assertArrayEquals(new byte[] {7, 8, 9}, fromBuffer.bytes());
        assertEquals(0, buffer.position(), "the app's buffer is not moved");
    }

    @Test
    void theTemporaryFileGoesWhenTheSessionIsClosed() throws IOException {
        ModelSource source = ModelSource.of(new byte[] {1, 2}, new Object());
        Path file = Path.of(source.toString().substring("bytes given by the app, kept in ".length()));
        assertTrue(Files.isRegularFile(file), source.toString());
        assertTrue(file.getFileName().toString().startsWith("jprune-onnx-"));
        source.release();
        assertFalse(Files.exists(file));
    }
}
