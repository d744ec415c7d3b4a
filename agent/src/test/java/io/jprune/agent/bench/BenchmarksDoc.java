package io.jprune.agent.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes this benchmark's section of {@code docs/benchmarks.md} between its markers and leaves the rest of
 * the file, which other benchmarks write, as it was. A file without the markers gets the section appended;
 * a missing file is created.
 */
final class BenchmarksDoc {
    static final String BEGIN = "<!-- overhead:begin -->";
    static final String END = "<!-- overhead:end -->";

    private BenchmarksDoc() {
    }

    static void writeSection(Path doc, String section) throws IOException {
        String block = BEGIN + "\n" + section.strip() + "\n" + END;
        String text;
        if (!Files.exists(doc)) {
            text = "# jprune benchmarks\n\nMeasured figures, each with the machine it came from.\n\n" + block + "\n";
        } else {
            String old = Files.readString(doc, StandardCharsets.UTF_8);
            int begin = old.indexOf(BEGIN);
            int end = old.indexOf(END, Math.max(begin, 0));
            if (begin >= 0 && end > begin) {
                text = old.substring(0, begin) + block + old.substring(end + END.length());
            } else if (begin >= 0 || end >= 0) {
                throw new IOException(doc + " has only one of " + BEGIN + " and " + END + "; fix it by hand");
            } else {
                text = old + (old.endsWith("\n") ? "\n" : "\n\n") + block + "\n";
            }
        }
        Files.createDirectories(doc.toAbsolutePath().getParent());
        Files.writeString(doc, text, StandardCharsets.UTF_8);
    }
}
