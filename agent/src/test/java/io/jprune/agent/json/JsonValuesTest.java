package io.jprune.agent.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonValuesTest {

    @Test
    void writesTheCommandLinesFormat() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("name", "a \"quoted\"\\ name\n\ttab");
        map.put("shape", new int[] {6, 1, 3, 3});
        map.put("numel", 54L);
        map.put("values", new float[] {0.5f, 1.0E-5f, Float.NaN, -0.0f});
        map.put("sparsity", 16 / 54.0);
        map.put("ok", true);
        map.put("none", null);
        assertEquals("{\"name\":\"a \\\"quoted\\\"\\\\ name\\n\\ttab\",\"shape\":[6,1,3,3],\"numel\":54,"
                + "\"values\":[0.5,1.0E-5,null,-0.0],\"sparsity\":" + (16 / 54.0) + ",\"ok\":true,\"none\":null}",
                JsonValues.write(map));
    }

    @Test
    void readsWhatItWritesInOrder() {
        Object read = JsonValues.read("{\"b\": [1, 2.5, \"x\", null, true], \"a\": {\"n\": -3}}");
        assertEquals(Map.of("b", Arrays.asList(1L, 2.5, "x", null, true), "a", Map.of("n", -3L)), read);
        assertEquals(List.of("b", "a"), List.copyOf(((Map<?, ?>) read).keySet()));
    }

    @Test
    void refusesBrokenJsonWithTheLineAndRepeatedKeysByName() {
        IllegalArgumentException broken = assertThrows(IllegalArgumentException.class,
                () -> JsonValues.read("{\n  \"steps\": [1, 2,]\n}"));
        assertEquals(true, broken.getMessage().startsWith("not valid JSON: ") && broken.getMessage().endsWith(
                "(line 2, column 18)"), broken.getMessage());
        assertEquals("key \"model\" is given twice (line 1)",
                assertThrows(IllegalArgumentException.class,
                        () -> JsonValues.read("{\"model\": \"A\", \"model\": \"B\"}")).getMessage());
        assertEquals("no JSON value (the text is empty)",
                assertThrows(IllegalArgumentException.class, () -> JsonValues.read("  ")).getMessage());
    }
}
