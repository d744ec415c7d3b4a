package io.jprune.runtime.tensor;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * Prints float32 tensors exactly as PyTorch does ({@code str(tensor)} with the default print options), so that a
 * PyTorch user who inspects a pruned JVM model sees the same text, digit for digit and space for space, as in a
 * Python session: the same precision, the same switch to scientific notation, the same {@code 1., 0.} for integer
 * values, the same summarization with {@code ...} above 1000 elements and the same line wrapping at 80 columns.
 *
 * <p>This mirrors {@code torch/_tensor_str.py} ({@code _Formatter}, {@code _vector_str},
 * {@code _tensor_str_with_formatter}, {@code get_summarized_data} and {@code _add_suffixes}) for strided, dense,
 * CPU float32 tensors. Numbers are formatted the way Python formats the {@code float} that {@code tolist()} returns:
 * the exact binary value, rounded half to even.
 */
public final class TensorRepr {

    private static final int PRECISION = 4;
    private static final int THRESHOLD = 1000;
    private static final int EDGE_ITEMS = 3;
    private static final int LINE_WIDTH = 80;
    private static final String PREFIX = "tensor(";
    private static final String REQUIRES_GRAD = "requires_grad=True";
    private static final int ELLIPSIS = -1;

    private TensorRepr() {
    }

    /**
     * What {@code str(t)} prints for a float32 tensor holding {@code values} (row-major) with this shape, so that
     * jprune can answer "show me conv1.weight" the way PyTorch would.
     *
     * @throws IllegalArgumentException if {@code values} does not hold exactly {@code shape.numel()} elements
     */
    public static String tensor(float[] values, Shape shape) {
        return render(values, shape, List.of());
    }

    /**
     * What {@code repr(p)} prints for an {@code nn.Parameter}: PyTorch marks trainable leaves with a
     * {@code Parameter containing:} header and a {@code requires_grad=True} suffix, and a user comparing against a
     * PyTorch session expects both.
     *
     * @throws IllegalArgumentException if {@code values} does not hold exactly {@code shape.numel()} elements
     */
    public static String parameter(float[] values, Shape shape) {
        return "Parameter containing:\n" + render(values, shape, List.of(REQUIRES_GRAD));
    }

    /**
     * What {@code str(list(module.named_parameters()))} prints, e.g. {@code [('bias', Parameter containing:\n
     * tensor([...], requires_grad=True)), ('weight_orig', Parameter containing: ...)]}: the one view that shows a
     * PyTorch user where pruning moved the original weights.
     *
     * @param names  names relative to the module, in PyTorch's order (e.g. {@code bias}, {@code weight_orig})
     * @param values each parameter's values, row-major
     * @param shapes each parameter's shape
     * @throws IllegalArgumentException if the three lists differ in length or a value array does not fit its shape
     */
    public static String namedParameters(List<String> names, List<float[]> values, List<Shape> shapes) {
        return namedList(names, values, shapes, true);
    }

    /**
     * What {@code str(list(module.named_buffers()))} prints, e.g. {@code [('weight_mask', tensor([[1., 0.]]))]}:
     * buffers are plain tensors, so no {@code Parameter containing:} header and no {@code requires_grad}.
     *
     * @param names  names relative to the module, in PyTorch's order (e.g. {@code weight_mask})
     * @param values each buffer's values, row-major
     * @param shapes each buffer's shape
     * @throws IllegalArgumentException if the three lists differ in length or a value array does not fit its shape
     */
    public static String namedBuffers(List<String> names, List<float[]> values, List<Shape> shapes) {
        return namedList(names, values, shapes, false);
    }

    private static String namedList(List<String> names, List<float[]> values, List<Shape> shapes, boolean parameters) {
        if (names.size() != values.size() || names.size() != shapes.size()) {
            throw new IllegalArgumentException("names, values and shapes differ in length: "
                    + names.size() + ", " + values.size() + ", " + shapes.size());
        }
        StringBuilder out = new StringBuilder("[");
        for (int i = 0; i < names.size(); i++) {
            if (i > 0) {
                out.append(", ");
            }
            String repr = parameters ? parameter(values.get(i), shapes.get(i)) : tensor(values.get(i), shapes.get(i));
            out.append('(').append(pythonStringRepr(names.get(i))).append(", ").append(repr).append(')');
        }
        return out.append(']').toString();
    }

    /**
     * {@code _str_intern} for a dense CPU float32 tensor, with the suffixes PyTorch would add after the values (such
     * as {@code requires_grad=True}); package-private so that tests can replay real PyTorch output that carries other
     * suffixes ({@code device='cuda:0'}, {@code grad_fn=<MulBackward0>}) and check the wrapping rule on them.
     */
    static String render(float[] values, Shape shape, List<String> suffixes) {
        int[] dims = shape.dims();
        long numel = 1;
        for (int d : dims) {
            numel *= d;
        }
        if (values.length != numel) {
            throw new IllegalArgumentException(
                    "values has " + values.length + " elements but shape " + shape + " needs " + numel);
        }
        List<String> allSuffixes = new ArrayList<>();
        String body;
        if (numel == 0) {
            if (dims.length != 1) {
                allSuffixes.add("size=" + pythonTuple(dims));
            }
            body = "[]";
        } else {
            body = tensorStr(values, dims, PREFIX.length());
        }
        allSuffixes.addAll(suffixes);
        return addSuffixes(PREFIX + body, allSuffixes, PREFIX.length());
    }

    private static String tensorStr(float[] values, int[] dims, int indent) {
        boolean summarize = values.length > THRESHOLD;
        ElementFormat format = ElementFormat.over(shownValues(values, dims, summarize));
        return slice(values, dims, 0, 0, indent, summarize, format);
    }

    /** {@code _tensor_str_with_formatter}: the sub-tensor of {@code dims[depth..]} starting at flat index offset. */
    private static String slice(float[] values, int[] dims, int depth, int offset, int indent, boolean summarize,
                                ElementFormat format) {
        int rank = dims.length - depth;
        if (rank == 0) {
            return format.format(values[offset]);
        }
        int stride = stride(dims, depth);
        List<String> parts = new ArrayList<>();
        for (int index : shownIndices(dims[depth], summarize)) {
            if (index == ELLIPSIS) {
                parts.add(rank == 1 ? " ..." : "...");
            } else if (rank == 1) {
                parts.add(format.format(values[offset + index]));
            } else {
                parts.add(slice(values, dims, depth + 1, offset + index * stride, indent + 1, summarize, format));
            }
        }
        if (rank == 1) {
            return vector(parts, indent, format.width());
        }
        return "[" + String.join("," + "\n".repeat(rank - 1) + " ".repeat(indent + 1), parts) + "]";
    }

    /** {@code _vector_str}: as many elements per line as fit in 80 columns after the indent, at least one. */
    private static String vector(List<String> elements, int indent, int width) {
        int elementLength = width + 2;
        int perLine = Math.max(1, Math.floorDiv(LINE_WIDTH - indent, elementLength));
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < elements.size(); i += perLine) {
            lines.add(String.join(", ", elements.subList(i, Math.min(elements.size(), i + perLine))));
        }
        return "[" + String.join(",\n" + " ".repeat(indent + 1), lines) + "]";
    }

    /** {@code get_summarized_data}, flattened: the values that will be printed, which alone decide the format. */
    private static float[] shownValues(float[] values, int[] dims, boolean summarize) {
        if (!summarize) {
            return values;
        }
        List<Integer> offsets = new ArrayList<>();
        collectShown(dims, 0, 0, summarize, offsets);
        float[] shown = new float[offsets.size()];
        for (int i = 0; i < shown.length; i++) {
            shown[i] = values[offsets.get(i)];
        }
        return shown;
    }

    private static void collectShown(int[] dims, int depth, int offset, boolean summarize, List<Integer> out) {
        if (depth == dims.length) {
            out.add(offset);
            return;
        }
        int stride = stride(dims, depth);
        for (int index : shownIndices(dims[depth], summarize)) {
            if (index != ELLIPSIS) {
                collectShown(dims, depth + 1, offset + index * stride, summarize, out);
            }
        }
    }

    private static int[] shownIndices(int size, boolean summarize) {
        if (summarize && size > 2 * EDGE_ITEMS) {
            int[] indices = new int[2 * EDGE_ITEMS + 1];
            for (int i = 0; i < EDGE_ITEMS; i++) {
                indices[i] = i;
                indices[EDGE_ITEMS + 1 + i] = size - EDGE_ITEMS + i;
            }
            indices[EDGE_ITEMS] = ELLIPSIS;
            return indices;
        }
        int[] indices = new int[size];
        for (int i = 0; i < size; i++) {
            indices[i] = i;
        }
        return indices;
    }

    private static int stride(int[] dims, int depth) {
        int stride = 1;
        for (int d = depth + 1; d < dims.length; d++) {
            stride *= dims[d];
        }
        return stride;
    }

    /**
     * {@code _add_suffixes}, including its line-length estimate, which counts two characters more than the last
     * line really has: copying the estimate is what makes the wrapping identical.
     */
    private static String addSuffixes(String tensorStr, List<String> suffixes, int indent) {
        StringBuilder out = new StringBuilder(tensorStr);
        int lastLineLength = tensorStr.length() - tensorStr.lastIndexOf('\n') + 1;
        for (String suffix : suffixes) {
            if (lastLineLength + suffix.length() + 2 > LINE_WIDTH) {
                out.append(",\n").append(" ".repeat(indent)).append(suffix);
                lastLineLength = indent + suffix.length();
            } else {
                out.append(", ").append(suffix);
                lastLineLength += suffix.length() + 2;
            }
        }
        return out.append(')').toString();
    }

    private static String pythonTuple(int[] dims) {
        StringBuilder out = new StringBuilder("(");
        for (int i = 0; i < dims.length; i++) {
            if (i > 0) {
                out.append(", ");
            }
            out.append(dims[i]);
        }
        return out.append(dims.length == 1 ? ",)" : ")").toString();
    }

    /** Python's {@code repr(str)}: single quotes unless the text holds a single quote and no double quote. */
    static String pythonStringRepr(String text) {
        char quote = text.indexOf('\'') >= 0 && text.indexOf('"') < 0 ? '"' : '\'';
        StringBuilder out = new StringBuilder().append(quote);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c == quote) {
                        out.append('\\').append(c);
                    } else if (c < 0x20 || c == 0x7f) {
                        out.append(String.format("\\x%02x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append(quote).toString();
    }

    /**
     * {@code _Formatter}: one format for the whole tensor, chosen from its nonzero finite values, so that columns
     * line up. Integer-valued tensors print as {@code 1.}; a wide range of magnitudes, or very small or very large
     * values, switch to scientific notation; every element is right-aligned to the widest.
     */
    private static final class ElementFormat {
        private final boolean intMode;
        private final boolean sciMode;
        private final int width;

        private ElementFormat(boolean intMode, boolean sciMode, int width) {
            this.intMode = intMode;
            this.sciMode = sciMode;
            this.width = width;
        }

        static ElementFormat over(float[] values) {
            List<Float> nonzeroFinite = new ArrayList<>();
            for (float v : values) {
                if (Float.isFinite(v) && v != 0f) {
                    nonzeroFinite.add(v);
                }
            }
            if (nonzeroFinite.isEmpty()) {
                return new ElementFormat(true, false, 1);
            }
            double min = Double.POSITIVE_INFINITY;
            double max = 0;
            boolean intMode = true;
            for (float v : nonzeroFinite) {
                double abs = Math.abs((double) v);
                min = Math.min(min, abs);
                max = Math.max(max, abs);
                if (v != Math.ceil(v)) {
                    intMode = false;
                }
            }
            boolean sciMode = max / min > 1000.0 || max > 1.0e8 || (!intMode && min < 1.0e-4);
            int width = 1;
            for (float v : nonzeroFinite) {
                int length;
                if (sciMode) {
                    length = scientific(v).length();
                } else if (intMode) {
                    length = fixed(v, 0).length() + 1;
                } else {
                    length = fixed(v, PRECISION).length();
                }
                width = Math.max(width, length);
            }
            return new ElementFormat(intMode, sciMode, width);
        }

        int width() {
            return width;
        }

        String format(float value) {
            String text;
            if (sciMode) {
                text = scientific(value);
            } else if (intMode) {
                text = fixed(value, 0);
                if (Float.isFinite(value)) {
                    text += ".";
                }
            } else {
                text = fixed(value, PRECISION);
            }
            return text.length() >= width ? text : " ".repeat(width - text.length()) + text;
        }

        /** Python's {@code "{:.Nf}".format(x)}: exact binary value, half to even, and a sign even on zero. */
        private static String fixed(double value, int decimals) {
            String special = special(value);
            if (special != null) {
                return special;
            }
            String digits = new BigDecimal(Math.abs(value)).setScale(decimals, RoundingMode.HALF_EVEN).toPlainString();
            return sign(value) + digits;
        }

        /** Python's {@code "{:.4e}".format(x)}: {@code d.dddde±XX}, at least two exponent digits. */
        private static String scientific(double value) {
            String special = special(value);
            if (special != null) {
                return special;
            }
            String digits;
            int exponent;
            if (value == 0) {
                digits = "0";
                exponent = 0;
            } else {
                BigDecimal rounded = new BigDecimal(Math.abs(value))
                        .round(new MathContext(PRECISION + 1, RoundingMode.HALF_EVEN));
                digits = rounded.unscaledValue().toString();
                exponent = digits.length() - 1 - rounded.scale();
            }
            StringBuilder mantissa = new StringBuilder(digits);
            while (mantissa.length() < PRECISION + 1) {
                mantissa.append('0');
            }
            int absExponent = Math.abs(exponent);
            return sign(value) + mantissa.charAt(0) + "." + mantissa.substring(1, PRECISION + 1)
                    + "e" + (exponent < 0 ? "-" : "+") + (absExponent < 10 ? "0" : "") + absExponent;
        }

        private static String special(double value) {
            if (Double.isNaN(value)) {
                return "nan";
            }
            if (Double.isInfinite(value)) {
                return value > 0 ? "inf" : "-inf";
            }
            return null;
        }

        private static String sign(double value) {
            return Double.doubleToRawLongBits(value) < 0 ? "-" : "";
        }
    }
}
