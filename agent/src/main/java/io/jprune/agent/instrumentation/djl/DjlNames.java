package io.jprune.agent.instrumentation.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Convolution;
import ai.djl.nn.core.Linear;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PyTorch's names and texts for DJL blocks. DJL keys each child with its position in front of the name it was added
 * with ({@code 01conv1}, or {@code 01Conv2d} for a {@code SequentialBlock}, which adds children by class name); a
 * child added with a name of its own gets that name ({@code conv1}), as the PyTorch module had it, and one named
 * only by its class keeps DJL's key, which is the name a DJL user sees in DJL's own listings.
 */
final class DjlNames {
    private static final Pattern POSITION_THEN_NAME = Pattern.compile("\\d{2,}([A-Za-z_][A-Za-z0-9_]*)");

    private DjlNames() {
    }

    /** The names of one block's children, in order: each DJL key without its position where that is a real name. */
    static List<String> childNames(List<String> keys, List<Block> blocks) {
        List<String> names = new ArrayList<>();
        Set<String> taken = new HashSet<>();
        for (int i = 0; i < keys.size(); i++) {
            String key = keys.get(i);
            Matcher matcher = POSITION_THEN_NAME.matcher(key);
            String name = matcher.matches() && !matcher.group(1).equals(blocks.get(i).getClass().getSimpleName())
                    ? matcher.group(1) : key;
            names.add(name);
            taken.add(name);
        }
        return taken.size() == keys.size() ? names : List.copyOf(keys);
    }

    /** The block's class name as a person reads it as the layer's type. */
    static String type(Block block) {
        String simple = block.getClass().getSimpleName();
        return simple.isEmpty() ? block.getClass().getName() : simple;
    }

    /** What PyTorch prints for the same layer: {@code Linear(in_features=320, out_features=50, bias=True)}. */
    static String repr(Block block) {
        String type = type(block);
        NDArray weight = array(block, "weight");
        if (weight == null) {
            return type + "()";
        }
        long[] shape = weight.getShape().getShape();
        boolean bias = array(block, "bias") != null;
        if (block instanceof Linear && shape.length == 2) {
            return type + "(in_features=" + shape[1] + ", out_features=" + shape[0] + ", bias="
                    + (bias ? "True" : "False") + ")";
        }
        if (block instanceof Convolution conv && shape.length > 2) {
            StringBuilder out = new StringBuilder(type).append('(').append(shape[1] * conv.getGroups()).append(", ")
                    .append(shape[0]).append(", kernel_size=").append(tuple(conv.getKernelShape().getShape()))
                    .append(", stride=").append(tuple(conv.getStride().getShape()));
            long[] padding = conv.getPadding().getShape();
            if (java.util.Arrays.stream(padding).anyMatch(p -> p != 0)) {
                out.append(", padding=").append(tuple(padding));
            }
            if (conv.getGroups() != 1) {
                out.append(", groups=").append(conv.getGroups());
            }
            return out.append(bias ? "" : ", bias=False").append(')').toString();
        }
        return type + "()";
    }

    private static NDArray array(Block block, String name) {
        if (!block.getDirectParameters().contains(name)) {
            return null;
        }
        Parameter parameter = block.getDirectParameters().get(name);
        return parameter.isInitialized() ? parameter.getArray() : null;
    }

    private static String tuple(long[] values) {
        StringBuilder out = new StringBuilder("(");
        for (int i = 0; i < values.length; i++) {
            out.append(i == 0 ? "" : ", ").append(values[i]);
        }
        return out.append(values.length == 1 ? ",)" : ")").toString();
    }
}
