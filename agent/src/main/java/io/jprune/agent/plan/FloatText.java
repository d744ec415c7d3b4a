package io.jprune.agent.plan;

import java.util.ArrayList;
import java.util.List;

/**
 * Masks and importance scores as text, flat and row-major, in the forms people already have at hand:
 * {@code numpy.savetxt} output, one value per line, comma-separated lists, or a pasted
 * {@code tensor([[1., 0.], ...])}. Brackets, commas, whitespace and a {@code tensor(...)} wrapper are separators;
 * anything else must parse as a number. Read by plans and by the command line's {@code --mask} and
 * {@code --importance-scores}.
 */
public final class FloatText {

    private FloatText() {
    }

    /**
     * @param source where the text came from, for the message
     * @throws IllegalArgumentException naming the first token that is not a number
     */
    public static float[] parse(String text, String source) {
        String stripped = text.replace("tensor(", " ").replace(")", " ");
        List<Float> values = new ArrayList<>();
        for (String token : stripped.split("[\\s,\\[\\]]+")) {
            if (token.isEmpty()) {
                continue;
            }
            try {
                values.add(Float.parseFloat(token));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(source + ": '" + token + "' is not a number");
            }
        }
        float[] out = new float[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i);
        }
        return out;
    }
}
