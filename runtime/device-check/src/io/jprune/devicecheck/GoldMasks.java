package io.jprune.devicecheck;

import io.jprune.kernels.Backends;
import io.jprune.kernels.BitMask;
import io.jprune.kernels.Kernels;
import io.jprune.runtime.prune.Amount;
import io.jprune.runtime.prune.CustomFromMask;
import io.jprune.runtime.prune.GlobalUnstructured;
import io.jprune.runtime.prune.L1Unstructured;
import io.jprune.runtime.prune.LnStructured;
import io.jprune.runtime.prune.NormOrder;
import io.jprune.runtime.prune.PrunedParameter;
import io.jprune.runtime.prune.PruningMethod;
import io.jprune.runtime.tensor.Shape;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Collectors;

/**
 * The Java half of the gold standard: prunes tie-free random tensors with jprune's engine on each
 * available backend (the GPU and the CPU) and writes the tensors, the steps and jprune's masks to a
 * folder; gold.py then runs the same steps with the machine's own torch.nn.utils.prune and compares
 * the masks exactly. Usage: GoldMasks output-folder. Exits 2 without a GPU backend: the device check
 * is about the GPU, and a CPU-only run must not read as one.
 */
public final class GoldMasks {
    private static final int[] CONV = {64, 32, 3, 3};
    private static final int[] LINEAR = {256, 512};
    private static final int[] LARGE = {2048, 1024};

    /** One pruning call: on parameter 0, or global over every parameter of the case. */
    private record Step(String kind, Amount amount, String n, int dim) {
        static Step l1(Amount amount) {
            return new Step("l1_unstructured", amount, null, 0);
        }

        static Step ln(Amount amount, String n, int dim) {
            return new Step("ln_structured", amount, n, dim);
        }

        static Step global(Amount amount) {
            return new Step("global_unstructured", amount, null, 0);
        }

        String json() {
            return "{\"kind\": \"" + kind + "\", \"amount\": " + amount
                    + (n == null ? "" : ", \"n\": \"" + n + "\", \"dim\": " + dim) + "}";
        }
    }

    /** Tensors of one case, and the steps applied to them in order. */
    private record Case(String name, List<int[]> shapes, List<float[]> tensors, List<Step> steps) {
    }

    private GoldMasks() {
    }

    public static void main(String[] args) throws IOException {
        Path out = Files.createDirectories(Path.of(args[0]));
        Map<String, Kernels> backends = new LinkedHashMap<>();
        try {
            backends.put("gpu", Backends.select("gpu").kernels());
        } catch (IllegalStateException e) {
            System.out.println("gold: no GPU backend: " + e.getMessage());
            System.exit(2);
        }
        backends.put("cpu", Backends.cpu());

        List<String> manifest = new ArrayList<>();
        for (Case c : cases()) {
            List<String> tensorFiles = new ArrayList<>();
            for (int p = 0; p < c.tensors().size(); p++) {
                String file = c.name() + ".p" + p + ".f32";
                writeFloats(out.resolve(file), c.tensors().get(p));
                tensorFiles.add(file);
            }
            StringBuilder json = new StringBuilder("{\"case\": \"" + c.name() + "\", \"params\": [");
            for (int p = 0; p < c.shapes().size(); p++) {
                json.append(p == 0 ? "" : ", ").append("{\"shape\": ").append(jsonInts(c.shapes().get(p)))
                        .append(", \"tensor\": \"").append(tensorFiles.get(p)).append("\"}");
            }
            json.append("], \"steps\": [")
                    .append(c.steps().stream().map(Step::json).collect(Collectors.joining(", ")))
                    .append("], \"masks\": {");
            int b = 0;
            for (Map.Entry<String, Kernels> backend : backends.entrySet()) {
                List<BitMask> masks = run(c, backend.getValue());
                List<String> files = new ArrayList<>();
                for (int p = 0; p < masks.size(); p++) {
                    String file = c.name() + ".p" + p + "." + backend.getKey() + ".u8";
                    writeMask(out.resolve(file), masks.get(p));
                    files.add("\"" + file + "\"");
                }
                json.append(b++ == 0 ? "" : ", ").append("\"").append(backend.getKey()).append("\": [")
                        .append(String.join(", ", files)).append("]");
            }
            json.append("}}");
            manifest.add(json.toString());
        }
        Files.write(out.resolve("manifest.jsonl"), manifest, StandardCharsets.UTF_8);
        System.out.println("gold: " + manifest.size() + " cases written to " + out + " for " + backends.keySet());
    }

    private static List<Case> cases() {
        List<Case> cases = new ArrayList<>();
        for (int[] shape : new int[][] {CONV, LINEAR, LARGE}) {
            cases.add(single("l1_fraction_" + name(shape), shape, distinct(shape, 1), Step.l1(Amount.fraction(0.3))));
        }
        cases.add(single("l1_count_" + name(CONV), CONV, distinct(CONV, 2), Step.l1(Amount.count(1000))));
        for (int[] shape : new int[][] {CONV, LARGE}) {
            for (String n : new String[] {"1", "2", "inf"}) {
                for (int dim : new int[] {0, 1}) {
                    cases.add(single("ln_n" + n + "_dim" + dim + "_" + name(shape), shape, separable(shape, 3),
                            Step.ln(Amount.fraction(0.25), n, dim)));
                }
            }
        }
        cases.add(single("ln_count_last_dim_" + name(CONV), CONV, separable(CONV, 4), Step.ln(Amount.count(1), "1", -1)));
        cases.add(single("ln_count_" + name(LINEAR), LINEAR, separable(LINEAR, 5), Step.ln(Amount.count(3), "2", 1)));
        cases.add(single("iterative_" + name(LINEAR), LINEAR, distinct(LINEAR, 6),
                Step.l1(Amount.fraction(0.2)), Step.ln(Amount.fraction(0.25), "2", 0), Step.l1(Amount.count(1000)),
                Step.ln(Amount.fraction(0.5), "1", 1)));
        cases.add(single("iterative_" + name(LARGE), LARGE, distinct(LARGE, 7),
                Step.l1(Amount.fraction(0.3)), Step.l1(Amount.fraction(0.3)), Step.ln(Amount.count(100), "inf", 1)));
        int[] bias = {10};
        float[] joined = distinct(new int[] {numel(CONV) + numel(LINEAR) + numel(bias)}, 8);
        int linearStart = numel(CONV);
        int biasStart = linearStart + numel(LINEAR);
        cases.add(new Case("global", List.of(CONV, LINEAR, bias),
                List.of(Arrays.copyOfRange(joined, 0, linearStart), Arrays.copyOfRange(joined, linearStart, biasStart),
                        Arrays.copyOfRange(joined, biasStart, joined.length)),
                List.of(Step.global(Amount.fraction(0.2)), Step.global(Amount.fraction(0.25)))));
        return cases;
    }

    private static Case single(String name, int[] shape, float[] tensor, Step... steps) {
        return new Case(name, List.of(shape), List.of(tensor), List.of(steps));
    }

    private static List<BitMask> run(Case c, Kernels kernels) {
        int count = c.tensors().size();
        List<PrunedParameter> states = new ArrayList<>();
        for (int p = 0; p < count; p++) {
            states.add(null);
        }
        for (Step step : c.steps()) {
            if (step.kind().equals("global_unstructured")) {
                List<float[]> scores = new ArrayList<>();
                List<BitMask> masks = new ArrayList<>();
                for (int p = 0; p < count; p++) {
                    PrunedParameter state = states.get(p);
                    scores.add(state == null ? c.tensors().get(p) : state.weight());
                    masks.add(state == null ? BitMask.ones(c.tensors().get(p).length) : state.mask());
                }
                List<BitMask> next = GlobalUnstructured.computeMasks(scores, masks, new L1Unstructured(step.amount()),
                        kernels);
                for (int p = 0; p < count; p++) {
                    states.set(p, apply(states.get(p), c, p, new CustomFromMask(next.get(p)), kernels));
                }
            } else {
                PruningMethod method = step.kind().equals("l1_unstructured") ? new L1Unstructured(step.amount())
                        : new LnStructured(step.amount(), NormOrder.parse(step.n()), step.dim());
                states.set(0, apply(states.get(0), c, 0, method, kernels));
            }
        }
        List<BitMask> masks = new ArrayList<>();
        for (int p = 0; p < count; p++) {
            masks.add(states.get(p).mask());
            kernels.release(c.tensors().get(p));
        }
        return masks;
    }

    private static PrunedParameter apply(PrunedParameter state, Case c, int p, PruningMethod method, Kernels kernels) {
        return state == null
                ? PrunedParameter.prune(c.tensors().get(p), Shape.of(c.shapes().get(p)), method, null, kernels)
                : state.prune(method, null, kernels);
    }

    /**
     * Every magnitude different (also across the parameters of the global case, cut from one such
     * tensor): a shuffled ladder of exact floats (integers times 2^-12), random signs.
     */
    static float[] distinct(int[] shape, long seed) {
        int n = numel(shape);
        SplittableRandom random = new SplittableRandom(seed);
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
        float[] t = new float[n];
        for (int i = 0; i < n; i++) {
            t[i] = (order[i] + 1) * 0x1p-12f * (random.nextBoolean() ? 1 : -1);
        }
        return t;
    }

    /**
     * t[i0][i1][rest] = a[i0] * b[i1] * c[rest] * sign: the norm of a slice along dim 0 or dim 1 is its
     * factor times a common value, and the factors are at least 0.01 apart (0.05% at worst, far above
     * float32 rounding), so float32 (torch) and double (jprune) norms order the channels the same way.
     */
    static float[] separable(int[] shape, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] a = spacedFactors(shape[0], random);
        double[] b = spacedFactors(shape[1], random);
        int rest = numel(shape) / (shape[0] * shape[1]);
        double[] c = new double[rest];
        for (int r = 0; r < rest; r++) {
            c[r] = 0.5 + random.nextDouble();
        }
        float[] t = new float[numel(shape)];
        for (int i = 0; i < t.length; i++) {
            int r = i % rest;
            int i1 = i / rest % shape[1];
            int i0 = i / rest / shape[1];
            t[i] = (float) (a[i0] * b[i1] * c[r] * (random.nextBoolean() ? 1 : -1));
        }
        return t;
    }

    /** 1, 1.01, 1.02, ... shuffled: neighbours at least 0.01 apart, all within a range float32 sums well. */
    private static double[] spacedFactors(int count, SplittableRandom random) {
        double[] factors = new double[count];
        for (int i = 0; i < count; i++) {
            factors[i] = 1 + 0.01 * i;
        }
        for (int i = count - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            double swap = factors[i];
            factors[i] = factors[j];
            factors[j] = swap;
        }
        return factors;
    }

    private static int numel(int[] shape) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }

    private static String name(int[] shape) {
        return Arrays.stream(shape).mapToObj(Integer::toString).collect(Collectors.joining("x"));
    }

    private static String jsonInts(int[] values) {
        return Arrays.stream(values).mapToObj(Integer::toString).collect(Collectors.joining(", ", "[", "]"));
    }

    private static void writeFloats(Path file, float[] values) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asFloatBuffer().put(values);
        Files.write(file, buffer.array());
    }

    private static void writeMask(Path file, BitMask mask) throws IOException {
        byte[] bytes = new byte[mask.size()];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (mask.get(i) ? 1 : 0);
        }
        Files.write(file, bytes);
    }
}
