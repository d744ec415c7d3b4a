package io.jprune.agent.instrumentation.onnxruntime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A pruned ONNX weight is kept as one bit per entry and computed again from the model, bit for bit what the engine
 * computed ({@code orig * mask}); values that are no masking of the original (a -0.0 where the original is
 * positive, any other value) are kept as given.
 */
class OnnxWeightTest {

    @Test
    void aMaskingOfTheOriginalComesBackBitForBit(@TempDir Path dir) throws Exception {
        Path file = Files.write(dir.resolve("model.onnx"), OnnxGraphTest.model().toByteArray());
        SessionRecord record = new SessionRecord(new Object(), ModelSource.ofFile(file), null);
        OnnxParameter query = record.graph().parameters().get(0);
        float[] original = OnnxWeight.original(record, query).values();
        assertArrayEquals(new float[] {1, 3, 5, 2, 4, 6}, original);
        float[] masked = {0f, 3, 5, 0f, 4, 0f};
        OnnxWeight pruned = OnnxWeight.computed(record, query, masked);
        assertFalse(pruned.isOriginal());
        assertBits(masked, pruned.values());

        float[] custom = {1, 3, 42, -0f, 4, 6};
        OnnxWeight given = OnnxWeight.computed(record, query, custom);
        assertBits(custom, given.values());
        assertTrue(OnnxWeight.original(record, query).isOriginal());
    }

    private static void assertBits(float[] expected, float[] actual) {
        assertArrayEquals(bits(expected), bits(actual));
    }

    private static int[] bits(float[] values) {
        int[] bits = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            bits[i] = Float.floatToRawIntBits(values[i]);
        }
        return bits;
    }
}
