package io.jprune.runtime.structure;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Lays a {@link StructureReport} out for a terminal: a table of counts, then the channel lists and notes. */
final class ReportTable {
    private static final String[] HEADER = {"module", "weight", "compacted", "out pruned", "out removed",
        "in dead", "in removed", "MACs", "compacted", "params", "compacted"};

    private ReportTable() {
    }

    static String render(StructureReport report) {
        List<String[]> rows = new ArrayList<>();
        rows.add(HEADER);
        for (ModuleStructure m : report.getModules()) {
            rows.add(new String[] {m.getName(), dims(m.getShape()), dims(m.getCompactedShape()),
                count(m.getPrunedOutputs(), m.getShape()[0]), count(m.getRemovedOutputs(), m.getShape()[0]),
                count(m.getDeadInputs(), m.getShape()[1]), count(m.getRemovedInputs(), m.getShape()[1]),
                number(m.getMacs()), number(m.getCompactedMacs()), number(m.getParameters()),
                number(m.getCompactedParameters())});
        }
        rows.add(new String[] {"total", "", "", "", "", "", "", number(report.getMacs()),
            number(report.getCompactedMacs()), number(report.getParameters()),
            number(report.getCompactedParameters())});
        StringBuilder text = new StringBuilder();
        int traced = report.getTracedInputs();
        text.append("structure of ").append(report.getModules().length).append(" layers, traced on ").append(traced)
                .append(" captured input").append(traced == 1 ? "" : "s").append('\n');
        table(rows, text);
        text.append(String.format(Locale.ROOT, "MACs %s -> %s (%s), parameters %s -> %s (%s)%n",
                number(report.getMacs()), number(report.getCompactedMacs()),
                ratio(report.getMacs(), report.getCompactedMacs()), number(report.getParameters()),
                number(report.getCompactedParameters()),
                ratio(report.getParameters(), report.getCompactedParameters())));
        for (String group : report.getGroups()) {
            text.append("coupled: ").append(group).append(" (channel c of each goes with the others' or stays)\n");
        }
        for (ModuleStructure m : report.getModules()) {
            channels(text, m.getName(), "output channels", "pruned", m.getPrunedOutputs(), m.getRemovedOutputs());
            channels(text, m.getName(), "input channels", "dead", m.getDeadInputs(), m.getRemovedInputs());
        }
        for (ModuleStructure m : report.getModules()) {
            for (String note : m.getNotes()) {
                text.append(m.getName()).append(": ").append(note).append('\n');
            }
        }
        for (String note : report.getNotes()) {
            text.append(note).append('\n');
        }
        return text.toString();
    }

    private static void table(List<String[]> rows, StringBuilder text) {
        int[] widths = new int[HEADER.length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                boolean numeric = i >= 7;
                String cell = numeric ? pad(row[i], widths[i], true) : pad(row[i], widths[i], false);
                line.append(cell).append(i + 1 < row.length ? "  " : "");
            }
            text.append(line.toString().stripTrailing()).append('\n');
        }
    }

    private static String pad(String cell, int width, boolean right) {
        String padding = " ".repeat(width - cell.length());
        return right ? padding + cell : cell + padding;
    }

    /** One line when compaction removes exactly what is pruned (the usual case), else one line each. */
    private static void channels(StringBuilder text, String module, String what, String cut, int[] cutChannels,
                                 int[] removed) {
        if (cutChannels.length > 0 && Arrays.equals(cutChannels, removed)) {
            line(text, module, what + " " + cut + " and removed", cutChannels);
            return;
        }
        line(text, module, what + " " + cut, cutChannels);
        line(text, module, what + " removed", removed);
    }

    private static void line(StringBuilder text, String module, String what, int[] indices) {
        if (indices.length > 0) {
            text.append(module).append(": ").append(what).append(' ').append(IndexList.format(indices)).append('\n');
        }
    }

    private static String dims(int[] shape) {
        return Arrays.toString(shape);
    }

    private static String count(int[] indices, int of) {
        return indices.length + "/" + of;
    }

    private static String number(long value) {
        return String.format(Locale.ROOT, "%,d", value);
    }

    private static String ratio(long before, long after) {
        if (after == 0 || before == after) {
            return "unchanged";
        }
        return String.format(Locale.ROOT, "%.2fx fewer", (double) before / after);
    }
}
