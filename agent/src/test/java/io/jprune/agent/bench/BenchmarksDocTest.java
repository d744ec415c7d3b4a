package io.jprune.agent.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchmarksDocTest {
    @TempDir
    Path dir;

    @Test
    void replacesOnlyTheTextBetweenItsMarkers() throws IOException {
        Path doc = dir.resolve("benchmarks.md");
        Files.writeString(doc, "# jprune benchmarks\n\nkernels section\n\n<!-- overhead:begin -->\nold table\n"
                + "<!-- overhead:end -->\n\n<!-- compaction:begin -->\ntheirs\n<!-- compaction:end -->\n");

        BenchmarksDoc.writeSection(doc, "new table\n");

        assertEquals("# jprune benchmarks\n\nkernels section\n\n<!-- overhead:begin -->\nnew table\n"
                + "<!-- overhead:end -->\n\n<!-- compaction:begin -->\ntheirs\n<!-- compaction:end -->\n",
                Files.readString(doc));
    }

    @Test
    void anotherBenchmarksMarkersKeepTheOverheadSectionAsItWas() throws IOException {
        Path doc = dir.resolve("benchmarks.md");
        Files.writeString(doc, "<!-- overhead:begin -->\nours\n<!-- overhead:end -->\n\n<!-- onnx:begin -->\n"
                + "<!-- onnx:end -->\n\nnote\n");

        BenchmarksDoc.writeSection(doc, "onnx table\n", OnnxBenchmarks.BEGIN, OnnxBenchmarks.END);

        assertEquals("<!-- overhead:begin -->\nours\n<!-- overhead:end -->\n\n<!-- onnx:begin -->\nonnx table\n"
                + "<!-- onnx:end -->\n\nnote\n", Files.readString(doc));
    }

    @Test
    void appendsTheSectionToAFileWithoutMarkers() throws IOException {
        Path doc = dir.resolve("benchmarks.md");
        Files.writeString(doc, "# jprune benchmarks\n\nkernels section\n");

        BenchmarksDoc.writeSection(doc, "table");

        assertEquals("# jprune benchmarks\n\nkernels section\n\n<!-- overhead:begin -->\ntable\n"
                + "<!-- overhead:end -->\n", Files.readString(doc));
    }

    @Test
    void createsAMissingFile() throws IOException {
        Path doc = dir.resolve("docs").resolve("benchmarks.md");

        BenchmarksDoc.writeSection(doc, "table");

        assertEquals("# jprune benchmarks\n\nMeasured figures, each with the machine it came from.\n\n"
                + "<!-- overhead:begin -->\ntable\n<!-- overhead:end -->\n", Files.readString(doc));
    }

    @Test
    void refusesAFileWithOnlyOneMarkerAndLeavesItAlone() throws IOException {
        Path doc = dir.resolve("benchmarks.md");
        String broken = "# jprune benchmarks\n<!-- overhead:begin -->\nold table\n";
        Files.writeString(doc, broken);

        assertThrows(IOException.class, () -> BenchmarksDoc.writeSection(doc, "table"));

        assertEquals(broken, Files.readString(doc));
    }
}
