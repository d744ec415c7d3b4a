package io.jprune.agent.cli;

import java.util.ArrayList;
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
        List<TensorInfo> tensors = buffers ? model.namedBuffers(module) : model.namedParameters(module);
        if (line.json()) {
            List<Map<String, Object>> json = new ArrayList<>();
            for (TensorInfo tensor : tensors) {
                json.add(tensor.toJson());
            }
            environment.out().println(Json.write(json));
        } else if (tensors.isEmpty()) {
            environment.out().println("no " + name() + " in " + (module.isEmpty() ? "the model" : "module " + module));
        } else {
            environment.out().print(TensorInfo.table(tensors));
        }
    }
}
