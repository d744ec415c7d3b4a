package io.jprune.agent.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * The report: one row per figure, printed as aligned text and written as a Markdown table. Rows keep their
 * words as given; the numbers are formatted where they are measured.
 */
final class ResultTable {
    /**
     * @param measure what was measured
     * @param value   the figure
     * @param runs    min and median over runs (or forks)
     * @param target  the target, or "-" for figures shown for comparison
     * @param verdict meets / MISSES / info / not measured
     * @param spread  the spread, with a WIDE flag when it is wider than the target's margin
     */
    record Row(String measure, String value, String runs, String target, String verdict, String spread) {
        List<String> cells() {
            return List.of(measure, value, runs, target, verdict, spread);
        }
    }

    private static final List<String> HEADER = List.of("Measure", "Value", "Runs: min / median", "Target",
            "Verdict", "Spread");

    private final List<Row> rows = new ArrayList<>();

    void add(Row row) {
        rows.add(row);
    }

    List<Row> rows() {
        return List.copyOf(rows);
    }

    /** The table for a terminal, columns aligned. */
    String text() {
        int[] widths = new int[HEADER.size()];
        List<List<String>> lines = new ArrayList<>();
        lines.add(HEADER);
        rows.forEach(row -> lines.add(row.cells()));
        for (List<String> line : lines) {
            for (int c = 0; c < widths.length; c++) {
                widths[c] = Math.max(widths[c], line.get(c).length());
            }
        }
        StringBuilder text = new StringBuilder();
        for (List<String> line : lines) {
            for (int c = 0; c < widths.length; c++) {
                text.append(c == 0 ? "" : " | ").append(String.format("%-" + widths[c] + "s", line.get(c)));
            }
            text.append(System.lineSeparator());
        }
        return text.toString();
    }

    /** The table in Markdown. */
    String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("| ").append(String.join(" | ", HEADER)).append(" |\n");
        md.append("|").append("---|".repeat(HEADER.size())).append("\n");
        for (Row row : rows) {
            md.append("| ").append(String.join(" | ", row.cells().stream()
                    .map(cell -> cell.replace("|", "\\|")).toList())).append(" |\n");
        }
        return md.toString();
    }
}
