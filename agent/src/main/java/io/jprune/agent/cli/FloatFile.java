package io.jprune.agent.cli;

import io.jprune.agent.plan.FloatText;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads a mask or importance scores from a text file, flat and row-major, accepting what people already have at
 * hand: {@code numpy.savetxt} output, one value per line, comma-separated lists, or a pasted
 * {@code tensor([[1., 0.], ...])}. Brackets, commas, whitespace and a {@code tensor(...)} wrapper are separators;
 * anything else must parse as a number. {@code -} reads standard input.
 */
final class FloatFile {

    private FloatFile() {
    }

    static float[] read(String location, InputStream stdin) throws CommandFailedException {
        String text;
        try {
            text = location.equals("-")
                    ? new String(stdin.readAllBytes(), StandardCharsets.UTF_8)
                    : Files.readString(Path.of(location), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new CommandFailedException("no such file: " + location);
        } catch (IOException e) {
            throw new CommandFailedException("cannot read " + location + ": " + e.getMessage());
        }
        return parse(text, location);
    }

    static float[] parse(String text, String source) throws CommandFailedException {
        try {
            return FloatText.parse(text, source);
        } catch (IllegalArgumentException e) {
            throw new CommandFailedException(e.getMessage());
        }
    }
}
