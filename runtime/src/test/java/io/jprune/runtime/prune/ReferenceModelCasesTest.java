package io.jprune.runtime.prune;

import static io.jprune.runtime.prune.Fixtures.CPU;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.jprune.kernels.BitMask;
import io.jprune.runtime.tensor.Shape;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Replays {@code reference-cases.txt}: random, tie-free sequences of prunes (L1, Ln with every n, custom
 * masks, importance scores, global) whose expected masks and errors were computed by the spec's numpy
 * model of PyTorch (see {@code src/test/python/generate_reference_cases.py}). After an expected error the
 * parameter must be exactly as before, which the next step's expected mask checks.
 */
class ReferenceModelCasesTest {

    /** One parameter in a case: its original values, and its state once pruned. */
    private static final class Slot {
        final Shape shape;
        final float[] orig;
        PrunedParameter state;

        Slot(Shape shape, float[] orig) {
            this.shape = shape;
            this.orig = orig;
        }

        float[] weight() {
            return state == null ? orig : state.weight();
        }

        BitMask mask() {
            return state == null ? BitMask.ones(orig.length) : state.mask();
        }

        void apply(PruningMethod method, float[] scores) {
            state = state == null ? PrunedParameter.prune(orig, shape, method, scores, CPU)
                    : state.prune(method, scores, CPU);
        }
    }

    @Test
    void everyStepMatchesTheNumpyModel() throws IOException {
        int cases = 0;
        int steps = 0;
        int errors = 0;
        try (BufferedReader reader = open()) {
            Map<String, Slot> slots = new LinkedHashMap<>();
            RuntimeException pending = null;
            String pendingStep = null;
            String line;
            int lineNumber = 0;
            while ((line = reader.readLine()) != null) {
                lineNumber++;
                if (line.startsWith("#") || line.isEmpty()) {
                    continue;
                }
                String[] words = line.split(" ");
                String where = "line " + lineNumber + ": ";
                switch (words[0]) {
                    case "case":
                        slots.clear();
                        cases++;
                        break;
                    case "param":
                        slots.put(words[1], new Slot(Shape.of(ints(words[2])), hexFloats(words[3])));
                        break;
                    case "step":
                        if (pending != null) {
                            fail(where + "unexpected error after " + pendingStep + ": " + pending.getMessage());
                        }
                        steps++;
                        pendingStep = line.length() > 120 ? line.substring(0, 120) : line;
                        try {
                            step(words, slots);
                            pending = null;
                        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
                            pending = e;
                        }
                        break;
                    case "error":
                        assertNotNull(pending, where + "expected an error after " + pendingStep);
                        assertEquals(line.substring("error ".length()), pending.getMessage(), where);
                        pending = null;
                        errors++;
                        break;
                    case "expect":
                        if (pending != null) {
                            fail(where + "unexpected error after " + pendingStep + ": " + pending.getMessage());
                        }
                        assertEquals(words[2], Fixtures.bits(slots.get(words[1]).mask()), where + pendingStep);
                        break;
                    case "end":
                        if (pending != null) {
                            fail(where + "unexpected error after " + pendingStep + ": " + pending.getMessage());
                        }
                        break;
                    default:
                        fail(where + "unknown line " + words[0]);
                }
            }
        }
        assertTrue(cases >= 200 && steps >= 500 && errors >= 30,
                "the resource holds " + cases + " cases, " + steps + " steps, " + errors + " errors");
    }

    private static void step(String[] words, Map<String, Slot> slots) {
        String target = words[1];
        String kind = words[2];
        if (target.equals("global")) {
            List<Slot> members = new ArrayList<>();
            for (String name : words[4].split(",")) {
                members.add(slots.get(name));
            }
            List<float[]> scores = new ArrayList<>();
            String[] given = words.length > 6 ? words[6].split(";") : null;
            List<BitMask> masks = new ArrayList<>();
            for (int i = 0; i < members.size(); i++) {
                scores.add(given == null ? members.get(i).weight() : hexFloats(given[i]));
                masks.add(members.get(i).mask());
            }
            List<BitMask> result = GlobalUnstructured.computeMasks(scores, masks,
                    new L1Unstructured(Amount.parse(words[3])), CPU);
            for (int i = 0; i < members.size(); i++) {
                members.get(i).apply(new CustomFromMask(result.get(i)), null);
            }
            return;
        }
        Slot slot = slots.get(target);
        switch (kind) {
            case "l1":
                slot.apply(new L1Unstructured(Amount.parse(words[3])), scoresAfter(words, 4));
                break;
            case "ln":
                slot.apply(new LnStructured(Amount.parse(words[3]), NormOrder.parse(words[4]),
                        Integer.parseInt(words[5])), scoresAfter(words, 6));
                break;
            case "custom":
                slot.apply(new CustomFromMask(Fixtures.mask(words[3])), null);
                break;
            default:
                throw new AssertionError("unknown method " + kind);
        }
    }

    private static float[] scoresAfter(String[] words, int at) {
        return words.length > at + 1 && words[at].equals("scores") ? hexFloats(words[at + 1]) : null;
    }

    private static int[] ints(String csv) {
        return Arrays.stream(csv.split(",")).mapToInt(Integer::parseInt).toArray();
    }

    private static float[] hexFloats(String csv) {
        String[] parts = csv.split(",");
        float[] values = new float[parts.length];
        for (int i = 0; i < parts.length; i++) {
            values[i] = Float.intBitsToFloat(Integer.parseUnsignedInt(parts[i], 16));
        }
        return values;
    }

    private static BufferedReader open() {
        InputStream in = ReferenceModelCasesTest.class.getResourceAsStream("reference-cases.txt");
        assertNotNull(in, "reference-cases.txt is on the test classpath");
        return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    }
}
