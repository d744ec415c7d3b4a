package io.jprune.agent.cli;

import io.jprune.agent.safetensors.SafetensorsFile;
import io.jprune.agent.safetensors.StoredTensor;
import io.jprune.runtime.jmx.TensorInfo;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code export <pid> FILE}: the model's pruned state as PyTorch's {@code state_dict()} holds it after pruning
 * ({@code conv1.weight_orig}, {@code conv1.weight_mask}, every other parameter under its own name), float32, in the
 * safetensors format, so that in PyTorch {@code prune.identity(m, "weight")} on each pruned parameter followed by
 * {@code load_state_dict(load_file(FILE))} restores exactly this state for fine-tuning. A FILE ending in {@code .onnx}
 * gets the model itself as the app computes with it now (masked, or compacted), written by the app's jprune, for a
 * model read from an ONNX graph.
 */
final class ExportCommand extends ModelCommand {

    @Override
    public String name() {
        return "export";
    }

    @Override
    public String synopsis() {
        return "export <pid> FILE [--model NAME]";
    }

    @Override
    public String summary() {
        return "write the model's state_dict as PyTorch holds it after pruning (weight_orig, weight_mask, ...) "
                + "to a .safetensors file, or an ONNX model as it runs now (masked or compacted) to a .onnx file";
    }

    @Override
    void checkArguments(CommandLine line) throws UsageException {
        line.expectPositionals(2, 2, synopsis());
    }

    @Override
    void run(CommandLine line, RemoteModel model, CliEnvironment environment) throws CommandFailedException {
        Path file = Path.of(line.positionals().get(1));
        if (file.getFileName() != null && file.getFileName().toString().toLowerCase(Locale.ROOT)
                .endsWith(".onnx")) {
            String absolute = file.toAbsolutePath().toString();
            String written = model.call(m -> m.exportModel(absolute));
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("model", model.name());
            json.put("file", absolute);
            json.put("result", written);
            environment.println(line.json(), json, written);
            return;
        }
        List<TensorInfo> named = new ArrayList<>(List.of(model.call(m -> m.namedParameters(""))));
        named.addAll(List.of(model.call(m -> m.namedBuffers(""))));
        List<StoredTensor> tensors = new ArrayList<>();
        long values = 0;
        List<String> pruned = new ArrayList<>();
        for (TensorInfo info : named) {
            float[] data = model.call(m -> m.tensor(info.getName()));
            if (data.length != info.getNumel()) {
                throw new CommandFailedException(info.getName() + " changed while it was read (" + data.length
                        + " values, listed with " + info.getNumel() + "); run export again");
            }
            tensors.add(StoredTensor.f32(info.getName(), info.getShape(), data));
            values += data.length;
            if (info.getName().endsWith("_mask")) {
                pruned.add(info.getName().substring(0, info.getName().length() - "_mask".length()));
            }
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("format", "pt");
        metadata.put("jprune.model", model.name());
        try {
            SafetensorsFile.write(file, tensors, metadata);
        } catch (IOException e) {
            throw new CommandFailedException("cannot write " + file + ": " + JmxCalls.messageOf(e), e);
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("model", model.name());
        json.put("file", file.toString());
        json.put("tensors", tensors.stream().map(StoredTensor::name).toList());
        json.put("pruned", pruned);
        json.put("values", values);
        environment.println(line.json(), json, "wrote " + tensors.size() + " tensors (" + values
                + " float32 values) of model " + model.name() + " to " + file + "; pruned: "
                + (pruned.isEmpty() ? "none" : String.join(", ", pruned)));
    }
}
