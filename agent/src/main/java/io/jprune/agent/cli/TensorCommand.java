package io.jprune.agent.cli;

import io.jprune.runtime.jmx.TensorInfo;
import io.jprune.runtime.tensor.Shape;
import io.jprune.runtime.tensor.TensorRepr;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code tensor <pid> <name>}: one tensor's values printed exactly as PyTorch prints them ({@code print(t)}), so a
 * PyTorch user can compare with a Python session; with {@code --json}, its shape and flat values for scripts.
 */
final class TensorCommand extends ModelCommand {

    @Override
    public String name() {
        return "tensor";
    }

    @Override
    public String synopsis() {
        return "tensor <pid> <name> [--model NAME]";
    }

    @Override
    public String summary() {
        return "the values of conv1.weight, conv1.weight_orig, conv1.weight_mask, ... as PyTorch prints them";
    }

    @Override
    void checkArguments(CommandLine line) throws UsageException {
        line.expectPositionals(2, 2, synopsis());
    }

    @Override
    void run(CommandLine line, RemoteModel model, CliEnvironment environment) throws CommandFailedException {
        String name = line.positional(1).orElseThrow();
        float[] values = model.call(m -> m.tensor(name));
        TensorInfo[] parameters = model.call(m -> m.namedParameters(""));
        Optional<TensorInfo> parameter = find(parameters, name);
        TensorInfo[] buffers = parameter.isPresent() ? new TensorInfo[0] : model.call(m -> m.namedBuffers(""));
        Optional<TensorInfo> known = parameter.or(() -> find(buffers, name))
                .or(() -> find(parameters, name + "_orig"));
        int[] shape = known.map(TensorInfo::getShape).filter(s -> numel(s) == values.length)
                .orElse(new int[] {values.length});
        if (line.json()) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("name", name);
            json.put("shape", shape);
            json.put("values", values);
            environment.out().println(Json.write(json));
        } else if (parameter.isPresent()) {
            environment.out().println(TensorRepr.parameter(values, Shape.of(shape)));
        } else {
            environment.out().println(TensorRepr.tensor(values, Shape.of(shape)));
        }
    }

    private static Optional<TensorInfo> find(TensorInfo[] tensors, String name) {
        return Arrays.stream(tensors).filter(t -> t.getName().equals(name)).findFirst();
    }

    private static long numel(int[] shape) {
        long numel = 1;
        for (int d : shape) {
            numel *= d;
        }
        return numel;
    }
}
