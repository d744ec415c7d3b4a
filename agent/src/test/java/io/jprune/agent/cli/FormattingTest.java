package io.jprune.agent.cli;

import io.jprune.runtime.text.TextTable;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jprune.runtime.jmx.TensorInfo;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The hand-written JSON, the aligned tables and the mask-file reader. */
class FormattingTest {

    @Test
    void jsonEscapesAndKeepsOrder() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("name", "a\"b\\c\nd\te\u0001");
        map.put("shape", new int[] {6, 1, 3, 3});
        map.put("numel", 54L);
        map.put("pruned", true);
        map.put("nothing", null);
        map.put("values", new float[] {0.1f, -0f, Float.NaN, 1e-5f});
        map.put("sparsity", 0.25);
        map.put("names", List.of("x", "y"));
        map.put("array", new String[] {"z"});
        assertEquals("{\"name\":\"a\\\"b\\\\c\\nd\\te\\u0001\",\"shape\":[6,1,3,3],\"numel\":54,\"pruned\":true,"
                + "\"nothing\":null,\"values\":[0.1,-0.0,null,1.0E-5],\"sparsity\":0.25,\"names\":[\"x\",\"y\"],"
                + "\"array\":[\"z\"]}", Json.write(map));
        assertEquals("[]", Json.write(List.of()));
        assertEquals("[1.5,null]", Json.write(new double[] {1.5, Double.POSITIVE_INFINITY}));
    }

    @Test
    void tableAlignsTextLeftAndNumbersRight() {
        TextTable table = new TextTable("NAME", ">NUMEL", "NOTE").row("conv1.weight", 54, "").row("b", 6, "x");
        assertEquals("NAME          NUMEL  NOTE\n"
                + "conv1.weight     54\n"
                + "b                 6  x\n", table.toString());
        assertThrows(IllegalArgumentException.class, () -> table.row("only one"));
    }

    @Test
    void tensorTableShowsShapeAndSparsity() {
        assertEquals("""
                NAME               SHAPE         NUMEL  ZEROS  SPARSITY
                conv1.weight_mask  [6, 1, 3, 3]     54     16     29.6%
                empty              [0]               0      0      0.0%
                """, TensorsCommand.table(new TensorInfo[] {
                    new TensorInfo("conv1.weight_mask", new int[] {6, 1, 3, 3}, 54, 16),
                    new TensorInfo("empty", new int[] {0}, 0, 0)}));
    }

    @Test
    void floatFilesAcceptCommonLayouts() throws CommandFailedException {
        float[] expected = {1, 0, 1, 0.5f};
        assertArrayEquals(expected, FloatFile.parse("1 0\n1 0.5\n", "t"));
        assertArrayEquals(expected, FloatFile.parse("1,0,1,0.5", "t"));
        assertArrayEquals(expected, FloatFile.parse("tensor([[1., 0.],\n        [1., 0.5]])", "t"));
        assertArrayEquals(expected, FloatFile.parse("1.000000000000000000e+00 0.0e+00\n1 5e-1", "t"));
        assertEquals("t: 'x' is not a number",
                assertThrows(CommandFailedException.class, () -> FloatFile.parse("1 x", "t")).getMessage());
        assertArrayEquals(expected, FloatFile.read("-",
                new ByteArrayInputStream("1 0 1 0.5".getBytes(StandardCharsets.UTF_8))));
        assertEquals("no such file: /no/such/mask.txt", assertThrows(CommandFailedException.class,
                () -> FloatFile.read("/no/such/mask.txt", new ByteArrayInputStream(new byte[0]))).getMessage());
        assertEquals("[]", Arrays.toString(FloatFile.parse(" \n", "t")));
    }

    @Test
    void moduleReprKeepsTheFirstLineOfContainers() {
        assertEquals("LeNet( ...)", io.jprune.runtime.jmx.Listings.reprLine("LeNet(\n  (conv1): Conv2d()\n)"));
        assertEquals("Conv2d(1, 6)", io.jprune.runtime.jmx.Listings.reprLine("Conv2d(1, 6)"));
    }
}
