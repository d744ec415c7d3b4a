package io.jprune.agent.cli;

import io.jprune.agent.safetensors.SafetensorsFile;
import io.jprune.agent.safetensors.StoredTensor;
import io.jprune.runtime.jmx.TensorInfo;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code import <pid> FILE}: the {@code *_mask} tensors of a safetensors file written by PyTorch (float32, bool or
 * uint8), each applied as {@code custom_from_mask} to the parameter it belongs to, all in one change or none. Every
 * mask is checked first (its parameter exists, its shape is the parameter's, it holds only 0 and 1), and every
 * problem is reported by name, before the model is touched. Other tensors (weights, biases) are not imported.
 */
final class ImportCommand extends ModelCommand {
    private static final String MASK_SUFFIX = "_mask";
    private static final String ORIG_SUFFIX = "_orig";

    @Override
    public String name() {
        return "import";
    }

    @Override
    public String synopsis() {
        return "import <pid> FILE [--model NAME]";
    }

    @Override
    public String summary() {
        return "apply the *_mask tensors of a .safetensors file (e.g. from PyTorch) as custom_from_mask, all or none";
    }

    @Override
    void checkArguments(CommandLine line) throws UsageException {
        line.expectPositionals(2, 2, synopsis());
    }

    @Override
    void run(CommandLine line, RemoteModel model, CliEnvironment environment) throws CommandFailedException {
        Path file = Path.of(line.positionals().get(1));
        List<StoredTensor> tensors = read(file);
        Map<String, int[]> shapes = new LinkedHashMap<>();
        for (TensorInfo info : model.call(m -> m.namedParameters(""))) {
            String name = info.getName();
            shapes.put(name.endsWith(ORIG_SUFFIX) ? name.substring(0, name.length() - ORIG_SUFFIX.length()) : name,
                    info.getShape());
        }
        List<String> params = new ArrayList<>();
        List<float[]> masks = new ArrayList<>();
        List<String> ignored = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (StoredTensor tensor : tensors) {
            if (!tensor.name().endsWith(MASK_SUFFIX)) {
                ignored.add(tensor.name());
                continue;
            }
            String param = tensor.name().substring(0, tensor.name().length() - MASK_SUFFIX.length());
            String problem = problem(tensor, param, shapes.get(param), model.name());
            if (problem != null) {
                problems.add(problem);
            } else {
                params.add(param);
                masks.add(tensor.values());
            }
        }
        if (!problems.isEmpty()) {
            throw new CommandFailedException(file + ": nothing imported: " + String.join("; ", problems)
                    + (problems.size() == 1 || !problems.get(0).startsWith("no parameter") ? ""
                    : "; parameters are: " + String.join(", ", shapes.keySet())));
        }
        if (params.isEmpty()) {
            throw new CommandFailedException(file + " holds no *_mask tensor (its tensors: "
                    + (ignored.isEmpty() ? "none" : String.join(", ", ignored)) + "); nothing imported");
        }
        String summary = model.call(m -> m.customFromMasks(params.toArray(new String[0]),
                masks.toArray(new float[0][])));
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("model", model.name());
        json.put("file", file.toString());
        json.put("params", params);
        json.put("ignored", ignored);
        json.put("summary", summary);
        environment.println(line.json(), json, summary + (ignored.isEmpty() ? "" : "\n(not imported, since only masks "
                + "are: " + String.join(", ", ignored) + ")"));
    }

    private static List<StoredTensor> read(Path file) throws CommandFailedException {
        try {
            return SafetensorsFile.read(file);
        } catch (NoSuchFileException e) {
            throw new CommandFailedException("no such file: " + file);
        } catch (IOException e) {
            throw new CommandFailedException("cannot read " + file + ": " + JmxCalls.messageOf(e), e);
        } catch (IllegalArgumentException e) {
            throw new CommandFailedException(e.getMessage());
        }
    }

    /** Why a mask cannot be applied, or {@code null} when it can. */
    private static String problem(StoredTensor mask, String param, int[] shape, String model) {
        if (shape == null) {
            return "no parameter '" + param + "' in model " + model + " for " + mask.name();
        }
        long[] expected = Arrays.stream(shape).asLongStream().toArray();
        if (!Arrays.equals(expected, mask.shape())) {
            return mask.name() + " has shape " + mask.shapeText() + " but " + param + " has " + Arrays.toString(shape);
        }
        float[] values = mask.values();
        for (int i = 0; i < values.length; i++) {
            if (values[i] != 0f && values[i] != 1f) {
                return mask.name() + " holds " + values[i] + " at flat index " + i + "; a mask holds only 0 and 1";
            }
        }
        return null;
    }
}
