package io.jprune.agent.cli;

import io.jprune.runtime.jmx.Listings;
import io.jprune.runtime.jmx.TensorInfo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code parameters <pid> [module]} and {@code buffers <pid> [module]}: {@code module.named_parameters()} and
 * {@code module.named_buffers()} as a table of shapes and zeros, which is where a pruning step shows
 * ({@code weight_orig} appears among the parameters, {@code weight_mask} among the buffers).
 */
final class TensorsCommand extends ModelCommand {

    private final boolean buffers;

    private TensorsCommand(boolean buffers) {
        this.buffers = buffers;
    }

    static TensorsCommand parameters() {
        return new TensorsCommand(false);
    }

    static TensorsCommand buffers() {
        return new TensorsCommand(true);
    }

    @Override
    public String name() {
        return buffers ? "buffers" : "parameters";
    }

    @Override
    public String synopsis() {
        return name() + " <pid> [module] [--model NAME]";
    }

    @Override
    public String summary() {
        return buffers
                ? "named_buffers() of a module (default: the whole model): the pruning masks"
                : "named_parameters() of a module (default: the whole model): shape, numel, zeros";
    }

    @Override
    void checkArguments(CommandLine line) throws UsageException {
        line.expectPositionals(1, 2, synopsis());
    }

    @Override
    void run(CommandLine line, RemoteModel model, CliEnvironment environment) throws CommandFailedException {
        String module = line.positional(1).orElse("");
        TensorInfo[] tensors = model.call(m -> buffers ? m.namedBuffers(module) : m.namedParameters(module));
        if (line.json()) {
            List<Map<String, Object>> json = new ArrayList<>();
            for (TensorInfo tensor : tensors) {
                json.add(json(tensor));
            }
            environment.out().println(Json.write(json));
        } else if (tensors.length == 0) {
            environment.out().println("no " + name() + " in " + (module.isEmpty() ? "the model" : "module " + module));
        } else {
            environment.out().print(table(tensors));
            if (!buffers && module.isEmpty()) {
                environment.out().print(Listings.notParameters(model.call(m -> m.getNotParameters())));
            }
        }
    }

    /** One row per tensor (see {@link Listings#tensors}). */
    static String table(TensorInfo[] tensors) {
        return Listings.tensors(tensors);
    }

    private static Map<String, Object> json(TensorInfo tensor) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("name", tensor.getName());
        if (!tensor.getOtherName().isEmpty()) {
            json.put("otherName", tensor.getOtherName());
        }
        json.put("shape", tensor.getShape());
        json.put("numel", tensor.getNumel());
        json.put("zeros", tensor.getZeros());
        json.put("sparsity", Listings.sparsity(tensor));
        return json;
    }
}
