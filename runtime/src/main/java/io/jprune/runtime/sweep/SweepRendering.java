package io.jprune.runtime.sweep;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * A {@link SweepReport} or a {@link LiveSweepReport} for people and programs: an aligned table, CSV, JSON, and an
 * SVG chart with one sensitivity curve per parameter (amount against the headline figure) that a browser opens.
 */
public final class SweepRendering {
    private static final String[] COLOURS = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b",
            "#e377c2", "#17becf", "#7f7f7f", "#bcbd22"};
    private static final int WIDTH = 720;
    private static final int HEIGHT = 440;
    private static final int LEFT = 70;
    private static final int RIGHT = 200;
    private static final int TOP = 50;
    private static final int BOTTOM = 60;

    private SweepRendering() {
    }

    /** One line per point, aligned, with a header and the throughput line. */
    public static String table(SweepReport report) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%s: %s on %d captured inputs (%s outputs), %.1f s%n",
                report.getModel(), report.getMethod(), report.getInputs(), report.getOutputKind(),
                report.getSeconds()));
        out.append(String.format(Locale.ROOT, "%-24s %7s %9s %10s %10s %12s%n", "parameter", "amount", "sparsity",
                "top-1", "cosine", "max |diff|"));
        for (SweepPoint point : report.getPoints()) {
            out.append(String.format(Locale.ROOT, "%-24s %7.3f %8.1f%% %9.2f%% %10.6f %12.4g%n",
                    point.getParameter(), point.getAmount(), 100 * point.getSparsity(),
                    100 * point.getTop1Agreement(), point.getCosineSimilarity(), point.getMaxAbsDifference()));
        }
        out.append(throughputLine(report)).append('\n');
        for (String note : report.getNotes()) {
            out.append("note: ").append(note).append('\n');
        }
        return out.toString();
    }

    /** The app's throughput before and during the sweep, and their ratio. */
    public static String throughputLine(SweepReport report) {
        double before = report.getAppForwardsPerSecondBefore();
        double during = report.getAppForwardsPerSecondDuring();
        return String.format(Locale.ROOT, "app throughput: %.0f forwards/s before, %.0f during the sweep (%s)",
                before, during, before > 0 ? String.format(Locale.ROOT, "%.2fx", during / before) : "no traffic before");
    }

    /** {@code parameter,amount,sparsity,top1_agreement,cosine_similarity,max_abs_difference}, one row per point. */
    public static String csv(SweepReport report) {
        StringBuilder out = new StringBuilder("parameter,amount,sparsity,numel,top1_agreement,cosine_similarity,"
                + "max_abs_difference\n");
        for (SweepPoint point : report.getPoints()) {
            out.append(point.getParameter()).append(',').append(number(point.getAmount())).append(',')
                    .append(number(point.getSparsity())).append(',').append(point.getNumel()).append(',')
                    .append(number(point.getTop1Agreement())).append(',')
                    .append(number(point.getCosineSimilarity())).append(',')
                    .append(number(point.getMaxAbsDifference())).append('\n');
        }
        return out.toString();
    }

    /** The whole report as one JSON object; a non-finite figure is {@code null}. */
    public static String json(SweepReport report) {
        List<String> points = new ArrayList<>();
        for (SweepPoint point : report.getPoints()) {
            points.add("{\"parameter\": " + string(point.getParameter()) + ", \"amount\": " + number(point.getAmount())
                    + ", \"sparsity\": " + number(point.getSparsity()) + ", \"numel\": " + point.getNumel()
                    + ", \"top1_agreement\": " + number(point.getTop1Agreement()) + ", \"cosine_similarity\": "
                    + number(point.getCosineSimilarity()) + ", \"max_abs_difference\": "
                    + number(point.getMaxAbsDifference()) + "}");
        }
        List<String> notes = new ArrayList<>();
        for (String note : report.getNotes()) {
            notes.add(string(note));
        }
        return "{\n  \"model\": " + string(report.getModel()) + ",\n  \"method\": " + string(report.getMethod())
                + ",\n  \"output_kind\": " + string(report.getOutputKind()) + ",\n  \"inputs\": " + report.getInputs()
                + ",\n  \"seconds\": " + number(report.getSeconds()) + ",\n  \"complete\": " + report.isComplete()
                + ",\n  \"app_forwards_per_second_before\": " + number(report.getAppForwardsPerSecondBefore())
                + ",\n  \"app_forwards_per_second_during\": " + number(report.getAppForwardsPerSecondDuring())
                + ",\n  \"notes\": [" + String.join(", ", notes) + "],\n  \"points\": [\n    "
                + String.join(",\n    ", points) + "\n  ]\n}\n";
    }

    /** A live sweep: one line per step, aligned, with the metric before and after. */
    public static String table(LiveSweepReport report) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%s: %s applied live, one parameter at a time; %s read after %s s%s "
                        + "per step, floor %s; %.1f s%n", report.getModel(), report.getMethod(), report.getMetric(),
                number(report.getSettleSeconds()), report.getSettleForwards() == 0 ? ""
                        : " and " + report.getSettleForwards() + " forwards", number(report.getFloor()),
                report.getSeconds()));
        out.append(String.format(Locale.ROOT, "%-24s %7s %9s %12s%n", "parameter", "amount", "sparsity", "metric"));
        for (LivePoint point : report.getPoints()) {
            out.append(String.format(Locale.ROOT, "%-24s %7.3f %8.1f%% %12s%s%n", point.getParameter(),
                    point.getAmount(), 100 * point.getSparsity(), number(point.getMetric()),
                    point.isBelowFloor() ? "  below the floor: undone" : ""));
        }
        out.append("metric before the sweep ").append(number(report.getBaseline())).append(", after every parameter "
                + "was restored ").append(number(report.getRestoredMetric())).append('\n');
        for (String note : report.getNotes()) {
            out.append("note: ").append(note).append('\n');
        }
        return out.toString();
    }

    /** {@code parameter,amount,sparsity,metric,below_floor}, one row per step. */
    public static String csv(LiveSweepReport report) {
        StringBuilder out = new StringBuilder("parameter,amount,sparsity,metric,below_floor\n");
        for (LivePoint point : report.getPoints()) {
            out.append(point.getParameter()).append(',').append(number(point.getAmount())).append(',')
                    .append(number(point.getSparsity())).append(',').append(number(point.getMetric())).append(',')
                    .append(point.isBelowFloor()).append('\n');
        }
        return out.toString();
    }

    /** The whole live report as one JSON object; a non-finite figure is {@code null}. */
    public static String json(LiveSweepReport report) {
        List<String> points = new ArrayList<>();
        for (LivePoint point : report.getPoints()) {
            points.add("{\"parameter\": " + string(point.getParameter()) + ", \"amount\": " + number(point.getAmount())
                    + ", \"sparsity\": " + number(point.getSparsity()) + ", \"metric\": " + number(point.getMetric())
                    + ", \"below_floor\": " + point.isBelowFloor() + "}");
        }
        List<String> notes = new ArrayList<>();
        for (String note : report.getNotes()) {
            notes.add(string(note));
        }
        return "{\n  \"model\": " + string(report.getModel()) + ",\n  \"method\": " + string(report.getMethod())
                + ",\n  \"metric\": " + string(report.getMetric()) + ",\n  \"floor\": " + number(report.getFloor())
                + ",\n  \"baseline\": " + number(report.getBaseline()) + ",\n  \"restored_metric\": "
                + number(report.getRestoredMetric()) + ",\n  \"settle_seconds\": " + number(report.getSettleSeconds()) + ",\n  \"settle_forwards\": "
                + report.getSettleForwards()
                + ",\n  \"seconds\": " + number(report.getSeconds()) + ",\n  \"complete\": " + report.isComplete()
                + ",\n  \"notes\": [" + String.join(", ", notes) + "],\n  \"points\": [\n    "
                + String.join(",\n    ", points) + "\n  ]\n}\n";
    }

    /**
     * The curves as an SVG document: amount (0 to 1) across, the headline agreement up (from the lowest tenth
     * any curve reaches to 1), one coloured line with dots per parameter, a legend on the right.
     */
    public static String svg(SweepReport report) {
        String metric = SweepSettings.OutputKind.EMBEDDING.label().equals(report.getOutputKind())
                ? "cosine similarity" : "top-1 agreement";
        Map<String, double[][]> curves = curves(report.getPoints(), SweepPoint::getParameter, SweepPoint::getAmount,
                point -> point.agreement(report.getOutputKind()));
        return chart("Sensitivity of " + report.getModel() + ": " + report.getMethod() + ", " + report.getInputs()
                + " captured inputs", metric + " with the unpruned model", curves, Double.NaN, throughputLine(report));
    }

    /**
     * A live sweep's curves: amount across, the app's metric up, a dashed line at the floor; a point below the
     * floor ends its curve.
     */
    public static String svg(LiveSweepReport report) {
        Map<String, double[][]> curves = curves(report.getPoints(), LivePoint::getParameter, LivePoint::getAmount,
                LivePoint::getMetric);
        return chart("Live sensitivity of " + report.getModel() + ": " + report.getMethod(), report.getMetric(),
                curves, report.getFloor(), "before the sweep " + number(report.getBaseline()) + ", after it "
                        + number(report.getRestoredMetric()) + "; each step live for " + number(report.getSettleSeconds())
                        + " s");
    }

    /** The points' {@code (x, y)} pairs, one curve per parameter, parameters and points in the report's order. */
    private static <P> Map<String, double[][]> curves(P[] points, Function<P, String> parameter,
                                                      ToDoubleFunction<P> x, ToDoubleFunction<P> y) {
        Map<String, List<double[]>> curves = new LinkedHashMap<>();
        for (P point : points) {
            curves.computeIfAbsent(parameter.apply(point), name -> new ArrayList<>())
                    .add(new double[] {x.applyAsDouble(point), y.applyAsDouble(point)});
        }
        Map<String, double[][]> arrays = new LinkedHashMap<>();
        curves.forEach((name, curve) -> arrays.put(name, curve.toArray(double[][]::new)));
        return arrays;
    }

    private static String chart(String title, String yLabel, Map<String, double[][]> curves, double floor,
                                String footer) {
        double low = Double.isFinite(floor) ? Math.min(1, floor) : 1;
        double high = 1;
        for (double[][] curve : curves.values()) {
            for (double[] point : curve) {
                if (Double.isFinite(point[1])) {
                    low = Math.min(low, point[1]);
                    high = Math.max(high, point[1]);
                }
            }
        }
        double yMin = Math.max(0, Math.floor(low * 10 - 1e-9) / 10);
        double yMax = Math.ceil(high * 10 - 1e-9) / 10;
        if (yMin >= yMax) {
            yMin = yMax - 0.1;
        }
        StringBuilder svg = new StringBuilder();
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH).append("\" height=\"")
                .append(HEIGHT).append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(HEIGHT)
                .append("\" font-family=\"sans-serif\" font-size=\"12\">\n");
        svg.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        svg.append(text(WIDTH / 2.0 - RIGHT / 2.0, 24, "middle", 15, title));
        axes(svg, yMin, yMax, yLabel);
        if (Double.isFinite(floor)) {
            double y = y(floor, yMin, yMax);
            svg.append("<line class=\"floor\" x1=\"").append(LEFT).append("\" y1=\"").append(coordinate(y))
                    .append("\" x2=\"").append(WIDTH - RIGHT).append("\" y2=\"").append(coordinate(y))
                    .append("\" stroke=\"#d62728\" stroke-dasharray=\"6 4\"/>\n");
            svg.append(text(WIDTH - RIGHT - 4, y - 4, "end", 11, "floor " + number(floor)));
        }
        int index = 0;
        for (Map.Entry<String, double[][]> curve : curves.entrySet()) {
            String colour = COLOURS[index % COLOURS.length];
            StringBuilder path = new StringBuilder();
            for (double[] point : curve.getValue()) {
                if (!Double.isFinite(point[1])) {
                    continue;
                }
                double x = x(point[0]);
                double y = y(point[1], yMin, yMax);
                path.append(path.length() == 0 ? "" : " ").append(coordinate(x)).append(',').append(coordinate(y));
                svg.append("<circle cx=\"").append(coordinate(x)).append("\" cy=\"").append(coordinate(y))
                        .append("\" r=\"3\" fill=\"").append(colour).append("\"><title>")
                        .append(escape(curve.getKey() + " amount " + number(point[0]) + ": " + yLabel + " "
                                + String.format(Locale.ROOT, "%.4f", point[1])))
                        .append("</title></circle>\n");
            }
            svg.append("<polyline class=\"curve\" data-parameter=\"").append(escape(curve.getKey()))
                    .append("\" fill=\"none\" stroke=\"").append(colour).append("\" stroke-width=\"2\" points=\"")
                    .append(path).append("\"/>\n");
            double legendY = TOP + 10 + 20 * index;
            svg.append("<line x1=\"").append(WIDTH - RIGHT + 20).append("\" y1=\"").append(coordinate(legendY))
                    .append("\" x2=\"").append(WIDTH - RIGHT + 44).append("\" y2=\"").append(coordinate(legendY))
                    .append("\" stroke=\"").append(colour).append("\" stroke-width=\"3\"/>\n");
            svg.append(text(WIDTH - RIGHT + 50, legendY + 4, "start", 12, curve.getKey()));
            index++;
        }
        svg.append(text(LEFT, HEIGHT - 8, "start", 11, footer));
        return svg.append("</svg>\n").toString();
    }

    private static void axes(StringBuilder svg, double yMin, double yMax, String metric) {
        double plotBottom = HEIGHT - BOTTOM;
        double plotRight = WIDTH - RIGHT;
        svg.append("<rect x=\"").append(LEFT).append("\" y=\"").append(TOP).append("\" width=\"")
                .append(plotRight - LEFT).append("\" height=\"").append(plotBottom - TOP)
                .append("\" fill=\"none\" stroke=\"#333\"/>\n");
        for (int i = 0; i <= 10; i++) {
            double amount = i / 10.0;
            double x = x(amount);
            svg.append("<line x1=\"").append(coordinate(x)).append("\" y1=\"").append(plotBottom).append("\" x2=\"")
                    .append(coordinate(x)).append("\" y2=\"").append(TOP).append("\" stroke=\"#eee\"/>\n");
            svg.append(text(x, plotBottom + 16, "middle", 11, number(amount)));
        }
        int steps = 5;
        for (int i = 0; i <= steps; i++) {
            double value = yMin + (yMax - yMin) * i / steps;
            double y = y(value, yMin, yMax);
            svg.append("<line x1=\"").append(LEFT).append("\" y1=\"").append(coordinate(y)).append("\" x2=\"")
                    .append(plotRight).append("\" y2=\"").append(coordinate(y)).append("\" stroke=\"#eee\"/>\n");
            svg.append(text(LEFT - 6, y + 4, "end", 11, String.format(Locale.ROOT, "%.2f", value)));
        }
        svg.append(text((LEFT + plotRight) / 2.0, HEIGHT - 26, "middle", 12, "amount pruned (fraction of the parameter)"));
        svg.append("<text x=\"16\" y=\"").append(coordinate((TOP + plotBottom) / 2.0))
                .append("\" text-anchor=\"middle\" transform=\"rotate(-90 16 ")
                .append(coordinate((TOP + plotBottom) / 2.0)).append(")\">")
                .append(escape(metric)).append("</text>\n");
    }

    private static double x(double amount) {
        return LEFT + amount * (WIDTH - RIGHT - LEFT);
    }

    private static double y(double value, double yMin, double yMax) {
        double plotBottom = HEIGHT - BOTTOM;
        return plotBottom - (Math.max(yMin, value) - yMin) / (yMax - yMin) * (plotBottom - TOP);
    }

    private static String text(double x, double y, String anchor, int size, String content) {
        return "<text x=\"" + coordinate(x) + "\" y=\"" + coordinate(y) + "\" text-anchor=\"" + anchor
                + "\" font-size=\"" + size + "\">" + escape(content) + "</text>\n";
    }

    private static String coordinate(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }

    static String number(double value) {
        if (!Double.isFinite(value)) {
            return "null";
        }
        String text = String.format(Locale.ROOT, "%.6g", value);
        if (text.contains("e")) {
            return text;
        }
        return text.contains(".") ? text.replaceAll("0+$", "").replaceAll("\\.$", "") : text;
    }

    static String string(String value) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
