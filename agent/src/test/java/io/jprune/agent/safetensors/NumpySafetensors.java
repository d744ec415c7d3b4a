package io.jprune.agent.safetensors;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The independent side of the safetensors tests: the numpy writer's committed fixtures under
 * {@code src/test/resources/safetensors}, and its reader ({@code safetensors_numpy.py read}), run with python3 where
 * python3 and numpy are installed. Both print a file the same way, one line per tensor sorted by name:
 * {@code name dtype shape bits...} with each value as the hex bits of its float32.
 */
public final class NumpySafetensors {

    private NumpySafetensors() {
    }

    /** A committed fixture, e.g. {@code tinynet-masks.safetensors}. */
    public static Path fixture(String name) {
        try {
            return Path.of(NumpySafetensors.class.getResource("/safetensors/" + name).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("test resource safetensors/" + name + " is missing", e);
        }
    }

    /** The tensors as the numpy reader prints them, without its metadata line. */
    public static String lines(List<StoredTensor> tensors) {
        List<StoredTensor> sorted = new ArrayList<>(tensors);
        sorted.sort(Comparator.comparing(StoredTensor::name));
        StringBuilder out = new StringBuilder();
        for (StoredTensor tensor : sorted) {
            out.append(tensor.name()).append(' ').append(tensor.dtype()).append(' ');
            List<String> dims = new ArrayList<>();
            for (long dim : tensor.shape()) {
                dims.add(Long.toString(dim));
            }
            out.append(dims.isEmpty() ? "scalar" : String.join("x", dims));
            for (float value : tensor.values()) {
                out.append(' ').append(String.format("%08x", Float.floatToRawIntBits(value)));
            }
            out.append('\n');
        }
        return out.toString();
    }

    /**
     * What the numpy reader prints for {@code file}; the calling test is skipped, with the reason, where python3 or
     * numpy is missing.
     */
    public static String readWithNumpy(Path file) throws IOException, InterruptedException {
        Optional<Path> python = Optional.ofNullable(System.getenv("PATH")).stream()
                .flatMap(path -> List.of(path.split(":")).stream())
                .map(dir -> Path.of(dir, "python3")).filter(Files::isExecutable).findFirst();
        Assumptions.assumeTrue(python.isPresent(), "python3 is not on the PATH: the numpy reader cannot check "
                + "jprune's file");
        Process process = new ProcessBuilder(python.get().toString(), fixture("safetensors_numpy.py").toString(),
                "read", file.toString()).redirectErrorStream(true).start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the numpy reader did not finish");
        }
        String text = new String(output, StandardCharsets.UTF_8);
        Assumptions.assumeFalse(text.contains("No module named 'numpy'"), "numpy is not installed for python3");
        if (process.exitValue() != 0) {
            throw new AssertionError("the numpy reader failed on " + file + ":\n" + text);
        }
        return text;
    }
}
