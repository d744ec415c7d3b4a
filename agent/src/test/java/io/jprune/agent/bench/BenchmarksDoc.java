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
        writeSection(doc, section, BEGIN, END);
    }

    /** Writes {@code section} between the markers {@code begin} and {@code end}, another benchmark's section. */
    static void writeSection(Path doc, String section, String begin, String end) throws IOException {
        String block = begin + "\n" + section.strip() + "\n" + end;
        String text;
        if (!Files.exists(doc)) {
            text = "# jprune benchmarks\n\nMeasured figures, each with the machine it came from.\n\n" + block + "\n";
        } else {
            String old = Files.readString(doc, StandardCharsets.UTF_8);
            int from = old.indexOf(begin);
            int to = old.indexOf(end, Math.max(from, 0));
            if (from >= 0 && to > from) {
                text = old.substring(0, from) + block + old.substring(to + end.length());
            } else if (from >= 0 || to >= 0) {
                throw new IOException(doc + " has only one of " + begin + " and " + end + "; fix it by hand");
            } else {
                text = old + (old.endsWith("\n") ? "\n" : "\n\n") + block + "\n";
            }
        }
        Files.createDirectories(doc.toAbsolutePath().getParent());
        Files.writeString(doc, text, StandardCharsets.UTF_8);
    }
}
