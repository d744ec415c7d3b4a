package io.jprune.runtime.jmx;

import io.jprune.runtime.text.TextTable;
import java.util.Arrays;
import java.util.Locale;

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

    /** One row per tensor: what a person needs to judge a pruning step at a glance, without fetching values. */
    public static String tensors(TensorInfo[] tensors) {
        TextTable table = new TextTable("NAME", "SHAPE", ">NUMEL", ">ZEROS", ">SPARSITY");
        for (TensorInfo tensor : tensors) {
            table.row(tensor.getName(), Arrays.toString(tensor.getShape()), tensor.getNumel(), tensor.getZeros(),
                    String.format(Locale.ROOT, "%.1f%%", 100 * sparsity(tensor)));
        }
        return table.toString();
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
