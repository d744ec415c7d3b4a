package io.jprune.runtime.text;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Flat row-major values (a mask, importance scores, a forward input) read from text people already have at hand:
 * {@code numpy.savetxt} output, one value per line, comma-separated lists, or a pasted {@code tensor([[1., 0.], ...])}.
 * Brackets, commas, whitespace and a {@code tensor(...)} wrapper are separators; anything else must parse as a
 * number. It lets a JMX console, which cannot send arrays, give values as one text argument.
 */
public final class FloatText {

    private FloatText() {
    }

    /**
     * The values in {@code text}.
     *
     * @param source what to call the text in a message, e.g. {@code mask} or a file name
     * @throws IllegalArgumentException naming the first token that is not a number
     */
    public static float[] parse(String text, String source) {
        return parse(text, source, true);
    }

    /**
     * The values of an argument that is either a file in the app's file system or the values themselves, so that a
     * console user can point at a saved mask or paste PyTorch's printout. A file's contents are never echoed in a
     * message: the caller may not be allowed to read it.
     *
     * @param argument the argument's name, for messages
     * @throws IllegalArgumentException when the argument is missing, a file cannot be read, or a value is not a number
     */
    public static float[] valuesOrFile(String given, String argument) {
        if (given == null || given.isBlank()) {
            throw new IllegalArgumentException(argument + " is missing: give a file path in the app's file system, "
                    + "or the values, e.g. \"1, 0, 1\" or PyTorch's tensor([[1., 0.], ...])");
        }
        Path file = asFile(given.trim());
        if (file == null) {
            return parse(given, argument, true);
        }
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8), argument + " file " + file, false);
        } catch (IOException e) {
            throw new IllegalArgumentException(argument + ": cannot read " + file + ": " + e.getMessage());
        }
    }

    private static Path asFile(String given) {
        try {
            Path path = Path.of(given);
            return Files.isRegularFile(path) ? path : null;
        } catch (InvalidPathException e) {
            return null;
        }
    }

    private static float[] parse(String text, String source, boolean echo) {
        String stripped = text.replace("tensor(", " ").replace(")", " ");
        List<Float> values = new ArrayList<>();
        for (String token : stripped.split("[\\s,\\[\\]]+")) {
            if (token.isEmpty()) {
                continue;
            }
            try {
                values.add(Float.parseFloat(token));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(source + ": " + (echo ? "'" + token + "'"
                        : "value " + (values.size() + 1)) + " is not a number");
            }
        }
        float[] out = new float[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i);
        }
        return out;
    }
}
