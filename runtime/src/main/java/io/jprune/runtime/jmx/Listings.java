package io.jprune.runtime.jmx;

import io.jprune.runtime.text.TextTable;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

/**
 * The listings as aligned text, one row per module or tensor, for people: the command line prints them, and the
 * Model MBean offers them as attributes, because a JMX console shows an array of rows as {@code CompositeData[10]}
 * to be opened one at a time.
 */
public final class Listings {

    private Listings() {
    }

    /** {@code named_modules()}: name ({@code ""} for the root), type, and the first line of what PyTorch prints. */
    public static String modules(ModuleInfo[] modules) {
        TextTable table = new TextTable("NAME", "TYPE", "REPR");
        for (ModuleInfo module : modules) {
            table.row(module.getName().isEmpty() ? "\"\"" : module.getName(), module.getType(),
                    reprLine(module.getRepr()));
        }
        return table.toString();
    }

    /**
     * One row per tensor: what a person needs to judge a pruning step at a glance, without fetching values; where
     * the framework names some parameters otherwise (ONNX's {@code onnx::MatMul_787}), a last column shows that
     * name, which is accepted too.
     */
    public static String tensors(TensorInfo[] tensors) {
        boolean otherNames = Arrays.stream(tensors).anyMatch(tensor -> !tensor.getOtherName().isEmpty());
        TextTable table = otherNames ? new TextTable("NAME", "SHAPE", ">NUMEL", ">ZEROS", ">SPARSITY",
                "FRAMEWORK NAME") : new TextTable("NAME", "SHAPE", ">NUMEL", ">ZEROS", ">SPARSITY");
        for (TensorInfo tensor : tensors) {
            String sparsity = String.format(Locale.ROOT, "%.1f%%", 100 * sparsity(tensor));
            if (otherNames) {
                table.row(tensor.getName(), Arrays.toString(tensor.getShape()), tensor.getNumel(), tensor.getZeros(),
                        sparsity, tensor.getOtherName());
            } else {
                table.row(tensor.getName(), Arrays.toString(tensor.getShape()), tensor.getNumel(), tensor.getZeros(),
                        sparsity);
            }
        }
        return table.toString();
    }

    /**
     * The framework's tensors that are no parameter, each with why it cannot be pruned, as a short section to print
     * after the parameters' table; {@code ""} when there are none.
     */
    public static String notParameters(Map<String, String> reasons) {
        if (reasons == null || reasons.isEmpty()) {
            return "";
        }
        TextTable table = new TextTable("NAME", "WHY IT CANNOT BE PRUNED");
        reasons.forEach(table::row);
        return "\n" + reasons.size() + (reasons.size() == 1 ? " tensor is" : " tensors are")
                + " not a parameter:\n" + table;
    }

    /** The fraction of zeros; an empty tensor has none. */
    public static double sparsity(TensorInfo tensor) {
        return tensor.getNumel() == 0 ? 0 : (double) tensor.getZeros() / tensor.getNumel();
    }

    /** A repr fit for one table cell: containers print over several lines in PyTorch, so keep the first. */
    public static String reprLine(String repr) {
        int newline = repr.indexOf('\n');
        return newline < 0 ? repr : repr.substring(0, newline) + " ...)";
    }
}
