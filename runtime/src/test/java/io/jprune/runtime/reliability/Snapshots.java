package io.jprune.runtime.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import java.util.Map;

/** Bit-for-bit comparisons of model snapshots. */
final class Snapshots {
    private Snapshots() {
    }

    static void assertSameTensors(Map<String, float[]> expected, Map<String, float[]> actual) {
        assertEquals(List.copyOf(expected.keySet()), List.copyOf(actual.keySet()), "the same tensors, in order");
        for (Map.Entry<String, float[]> entry : expected.entrySet()) {
            float[] want = entry.getValue();
            float[] got = actual.get(entry.getKey());
            assertEquals(want.length, got.length, entry.getKey());
            for (int i = 0; i < want.length; i++) {
                assertEquals(Float.floatToRawIntBits(want[i]), Float.floatToRawIntBits(got[i]),
                        entry.getKey() + " differs at " + i);
            }
        }
    }

    static void assertSameArrays(List<float[]> expected, List<float[]> actual) {
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            assertSame(expected.get(i), actual.get(i), "the app's field " + i + " holds the array it held before");
        }
    }
}
