package io.jprune.agent.instrumentation.onnxruntime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.jprune.demo.onnx.OnnxDigitClassifier;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real ONNX Runtime session created without jprune is matched to its model file by what ONNX Runtime tells of
 * it (inputs, outputs, metadata): a file of another graph is passed over, and a session whose model is nowhere is
 * looked for once.
 */
class EarlierSessionsTest {

    @Test
    void aSessionIsMatchedToItsFileAndNotToAnotherGraphs(@TempDir Path dir) throws Exception {
        byte[] mnist = cnnMnist();
        ModelProto other = ModelProto.parseFrom(mnist).toBuilder().setGraph(ModelProto.parseFrom(mnist).getGraph()
                .toBuilder().setName("another_graph")).build();
        Files.write(dir.resolve("a_other.onnx"), other.toByteArray());
        Files.write(dir.resolve("b_junk.onnx"), new byte[] {1, 2, 3});
        Files.createDirectories(dir.resolve("models"));
        Files.write(dir.resolve("models/digits.onnx"), mnist);
        try (OrtSession session = OrtEnvironment.getEnvironment().createSession(mnist, new OrtSession.SessionOptions())) {
            SessionSignature signature = SessionSignature.of(session);
            assertEquals(List.of(-1L, 1L, 28L, 28L), signature.inputs().get("input_image"));
            assertTrue(SessionSignature.of(ModelProto.parseFrom(mnist)).admits(signature),
                    SessionSignature.of(ModelProto.parseFrom(mnist)) + " vs " + signature);
            assertFalse(SessionSignature.of(other).admits(signature), "another graph's name");

            EarlierSessions sessions = new EarlierSessions(List.of(dir));
            SessionRecord record = sessions.adopt(session);
            assertNotNull(record);
            assertEquals("digits", record.modelName(), "named after the file found");
            assertEquals(8, record.graph().parameters().size());
            assertNull(sessions.adopt(session), "a session is looked for once");
        }
    }

    @Test
    void aSessionWhoseModelIsNowhereStaysTheAppsAlone(@TempDir Path dir) throws Exception {
        ModelProto model = ModelProto.parseFrom(cnnMnist());
        byte[] renamed = model.toBuilder().setGraph(model.getGraph().toBuilder().setName("nowhere_else")).build()
                .toByteArray();
        try (OrtSession session = OrtEnvironment.getEnvironment().createSession(renamed,
                new OrtSession.SessionOptions())) {
            assertNull(new EarlierSessions(List.of(dir)).adopt(session));
        }
    }

    private static byte[] cnnMnist() throws IOException {
        try (InputStream in = OnnxDigitClassifier.class.getResourceAsStream(OnnxDigitClassifier.RESOURCE)) {
            return in.readAllBytes();
        }
    }
}
