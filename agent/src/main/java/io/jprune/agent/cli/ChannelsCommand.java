package io.jprune.agent.cli;

import io.jprune.runtime.jmx.TensorInfo;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code channels <pid> <param> --dim D}: which slices along {@code dim} are entirely pruned, the question PyTorch
 * leaves to the reader of a structured mask (for a conv weight and dim 0: which output channels were cut).
 */
final class ChannelsCommand extends ModelCommand {

    @Override
    public String name() {
        return "channels";
    }

    @Override
    public String synopsis() {
        return "channels <pid> <param> --dim D [--model NAME]";
    }

    @Override
    public String summary() {
        return "indices of the slices along dim D whose mask is all zeros (the pruned channels)";
    }

    @Override
    public Set<String> options() {
        return Set.of("model", "dim");
    }

    @Override
    void checkArguments(CommandLine line) throws UsageException {
        line.expectPositionals(2, 2, synopsis());
        line.requiredOption("dim", "channels");
        line.intOption("dim");
    }

    @Override
    void run(CommandLine line, RemoteModel model, CliEnvironment environment)
            throws UsageException, CommandFailedException {
        String param = line.positional(1).orElseThrow();
        int dim = line.intOption("dim").orElseThrow();
        int[] pruned = model.call(m -> m.prunedChannels(param, dim));
        Optional<Integer> size = sliceCount(model, param, dim);
        if (line.json()) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("model", model.name());
            json.put("param", param);
            json.put("dim", dim);
            json.put("size", size.orElse(null));
            json.put("pruned", pruned);
            environment.out().println(Json.write(json));
            return;
        }
        String of = size.map(s -> " of " + s).orElse("");
        if (pruned.length == 0) {
            environment.out().println(param + ": " + size.map(s -> "none of the " + s + " slices").orElse("no slice")
                    + " along dim " + dim + " is pruned");
        } else {
            environment.out().println(param + ": " + pruned.length + of + " slices along dim " + dim + " pruned: "
                    + Arrays.stream(pruned).mapToObj(Integer::toString).collect(Collectors.joining(", ")));
        }
    }

    /** The number of slices along dim, from the shape of {@code <param>_orig} (pruned) or {@code <param>}. */
    private static Optional<Integer> sliceCount(RemoteModel model, String param, int dim) throws CommandFailedException {
        for (TensorInfo info : model.call(m -> m.namedParameters(""))) {
            if (info.getName().equals(param + "_orig") || info.getName().equals(param)) {
                int[] shape = info.getShape();
                int normalized = dim < 0 ? dim + shape.length : dim;
                if (normalized >= 0 && normalized < shape.length) {
                    return Optional.of(shape[normalized]);
                }
            }
        }
        return Optional.empty();
    }
}
