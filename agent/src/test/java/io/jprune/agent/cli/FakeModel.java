package io.jprune.agent.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A stand-in for jprune's Model MBean: a two-layer model whose masks are real (customFromMask, remove, restore and
 * prunedChannels work on them), while the other pruning methods only record their arguments and prune the first
 * {@code amount} elements, since the command line's job is to pass arguments and show results, not to prune.
 */
public final class FakeModel implements FakeModelMXBean {

    private final Map<String, float[]> values = new LinkedHashMap<>();
    private final Map<String, int[]> shapes = new LinkedHashMap<>();
    private final Map<String, float[]> masks = new LinkedHashMap<>();
    private final List<String> calls = new ArrayList<>();

    public FakeModel() {
        add("conv1.weight", new int[] {2, 1, 2, 2}, new float[] {0.5f, -0.25f, 0.125f, 1f, -1f, 0.75f, 0f, 0.5f});
        add("conv1.bias", new int[] {2}, new float[] {0.1f, -0.2f});
        add("fc1.weight", new int[] {3, 2}, new float[] {1, 2, 3, 4, 5, 6});
        add("fc1.bias", new int[] {3}, new float[] {0, 0, 0});
    }

    private void add(String name, int[] shape, float[] data) {
        values.put(name, data);
        shapes.put(name, shape);
    }

    /** What was called, e.g. {@code randomUnstructured(conv1.weight, 0.3, 7)}, for tests to check the arguments. */
    public synchronized List<String> calls() {
        return List.copyOf(calls);
    }

    @Override
    public ModuleEntry[] namedModules() {
        return new ModuleEntry[] {
            new ModuleEntry("", "TinyNet", "TinyNet(\n  (conv1): Conv2d(1, 2, kernel_size=(2, 2), stride=(1, 1))\n"
                    + "  (fc1): Linear(in_features=2, out_features=3, bias=True)\n)"),
            new ModuleEntry("conv1", "Conv2d", "Conv2d(1, 2, kernel_size=(2, 2), stride=(1, 1))"),
            new ModuleEntry("fc1", "Linear", "Linear(in_features=2, out_features=3, bias=True)"),
        };
    }

    @Override
    public synchronized TensorEntry[] namedParameters(String module) {
        List<TensorEntry> entries = new ArrayList<>();
        for (String name : namesIn(module)) {
            boolean pruned = masks.containsKey(name);
            entries.add(entry(relative(module, pruned ? name + "_orig" : name), name, values.get(name)));
        }
        // PyTorch moves a pruned parameter to the end of its module's list as <name>_orig
        entries.sort((a, b) -> Boolean.compare(a.getName().endsWith("_orig"), b.getName().endsWith("_orig")));
        return entries.toArray(new TensorEntry[0]);
    }

    @Override
    public synchronized TensorEntry[] namedBuffers(String module) {
        List<TensorEntry> entries = new ArrayList<>();
        for (String name : namesIn(module)) {
            if (masks.containsKey(name)) {
                entries.add(entry(relative(module, name + "_mask"), name, masks.get(name)));
            }
        }
        return entries.toArray(new TensorEntry[0]);
    }

    @Override
    public synchronized float[] tensor(String qualifiedName) {
        if (qualifiedName.endsWith("_orig") && masks.containsKey(base(qualifiedName, "_orig"))) {
            return values.get(base(qualifiedName, "_orig")).clone();
        }
        if (qualifiedName.endsWith("_mask") && masks.containsKey(base(qualifiedName, "_mask"))) {
            return masks.get(base(qualifiedName, "_mask")).clone();
        }
        float[] data = values.get(qualifiedName);
        if (data == null) {
            throw new IllegalArgumentException("no parameter or buffer named '" + qualifiedName + "'");
        }
        float[] mask = masks.get(qualifiedName);
        float[] out = data.clone();
        for (int i = 0; mask != null && i < out.length; i++) {
            out[i] = mask[i] * data[i];
        }
        return out;
    }

    @Override
    public String describe(String module) {
        return "[('weight', Parameter containing:\ntensor([1., 2.], requires_grad=True))]\n[] of " + module;
    }

    @Override
    public synchronized boolean isPruned() {
        return !masks.isEmpty();
    }

    @Override
    public synchronized int[] prunedChannels(String param, int dim) {
        float[] mask = masks.get(param);
        int[] shape = shapes.get(param);
        if (shape == null) {
            throw new IllegalArgumentException("no parameter named '" + param + "'");
        }
        if (dim >= shape.length) {
            throw new IndexOutOfBoundsException("Invalid index " + dim + " for tensor of size torch.Size("
                    + java.util.Arrays.toString(shape) + ")");
        }
        int d = dim < 0 ? dim + shape.length : dim;
        int inner = 1;
        for (int i = d + 1; i < shape.length; i++) {
            inner *= shape[i];
        }
        List<Integer> pruned = new ArrayList<>();
        for (int slice = 0; mask != null && slice < shape[d]; slice++) {
            boolean allZero = true;
            for (int i = 0; i < mask.length; i++) {
                if ((i / inner) % shape[d] == slice && mask[i] != 0) {
                    allZero = false;
                }
            }
            if (allZero) {
                pruned.add(slice);
            }
        }
        return pruned.stream().mapToInt(Integer::intValue).toArray();
    }

    @Override
    public String randomUnstructured(String param, String amount, long seed) {
        return pruneFirst("randomUnstructured(" + param + ", " + amount + ", " + seed + ")", param, amount,
                "random_unstructured");
    }

    @Override
    public String l1Unstructured(String param, String amount) {
        return pruneFirst("l1Unstructured(" + param + ", " + amount + ")", param, amount, "l1_unstructured");
    }

    @Override
    public String l1Unstructured(String param, String amount, float[] importanceScores) {
        return pruneFirst("l1Unstructured(" + param + ", " + amount + ", " + java.util.Arrays.toString(importanceScores)
                + ")", param, amount, "l1_unstructured");
    }

    @Override
    public String randomStructured(String param, String amount, int dim, long seed) {
        return record("randomStructured(" + param + ", " + amount + ", " + dim + ", " + seed + ")");
    }

    @Override
    public String lnStructured(String param, String amount, String n, int dim) {
        return record("lnStructured(" + param + ", " + amount + ", " + n + ", " + dim + ")");
    }

    @Override
    public String lnStructured(String param, String amount, String n, int dim, float[] importanceScores) {
        return record("lnStructured(" + param + ", " + amount + ", " + n + ", " + dim + ", "
                + java.util.Arrays.toString(importanceScores) + ")");
    }

    @Override
    public String globalUnstructured(String[] params, String method, String amount, long seed) {
        if (!method.equals("l1") && !method.equals("random")) {
            throw new IllegalArgumentException("method must be l1 or random, got '" + method + "'");
        }
        return record("globalUnstructured(" + java.util.Arrays.toString(params) + ", " + method + ", " + amount
                + ", " + seed + ")");
    }

    @Override
    public synchronized String customFromMask(String param, float[] mask) {
        float[] data = values.get(param);
        if (data == null) {
            throw new IllegalArgumentException("no parameter named '" + param + "'");
        }
        if (mask.length != data.length) {
            throw new IllegalArgumentException("mask has " + mask.length + " elements, " + param + " has "
                    + data.length);
        }
        calls.add("customFromMask(" + param + ", " + java.util.Arrays.toString(mask) + ")");
        masks.put(param, mask.clone());
        return summary(param, "custom_from_mask", "");
    }

    @Override
    public String identity(String param) {
        return record("identity(" + param + ")");
    }

    @Override
    public synchronized String remove(String param) {
        float[] mask = masks.remove(param);
        if (mask == null) {
            throw new IllegalArgumentException("Parameter 'weight' of module " + param + " has to be pruned before "
                    + "pruning can be removed");
        }
        float[] data = values.get(param);
        for (int i = 0; i < data.length; i++) {
            data[i] *= mask[i];
        }
        calls.add("remove(" + param + ")");
        return param + ": pruning made permanent";
    }

    @Override
    public synchronized String restore(String param) {
        calls.add("restore(" + param + ")");
        masks.remove(param);
        return param + ": restored";
    }

    @Override
    public synchronized String restore() {
        calls.add("restore()");
        masks.clear();
        return "restored every parameter";
    }

    private synchronized String record(String call) {
        calls.add(call);
        return "called " + call;
    }

    private synchronized String pruneFirst(String call, String param, String amount, String method) {
        float[] data = values.get(param);
        if (data == null) {
            throw new IllegalArgumentException("no parameter named '" + param + "'");
        }
        int count;
        if (amount.contains(".")) {
            double fraction = Double.parseDouble(amount);
            if (fraction < 0 || fraction > 1) {
                throw new IllegalArgumentException(
                        "amount=" + amount + " should either be a float in the range [0, 1] or a non-negative integer");
            }
            count = (int) Math.round(fraction * data.length);
        } else {
            count = Integer.parseInt(amount);
        }
        float[] mask = new float[data.length];
        for (int i = 0; i < mask.length; i++) {
            mask[i] = i < count ? 0f : 1f;
        }
        calls.add(call);
        masks.put(param, mask);
        return summary(param, method, " amount=" + amount);
    }

    private String summary(String param, String method, String arguments) {
        float[] mask = masks.get(param);
        int zeros = 0;
        for (float m : mask) {
            zeros += m == 0 ? 1 : 0;
        }
        return String.format(Locale.ROOT, "%s: %s%s -> %d of %d pruned (%.1f%%)", param, method, arguments, zeros,
                mask.length, 100.0 * zeros / mask.length);
    }

    private List<String> namesIn(String module) {
        List<String> names = new ArrayList<>();
        for (String name : values.keySet()) {
            if (module.isEmpty() || name.startsWith(module + ".")) {
                names.add(name);
            }
        }
        return names;
    }

    private TensorEntry entry(String name, String parameter, float[] data) {
        long zeros = 0;
        for (float v : data) {
            zeros += v == 0 ? 1 : 0;
        }
        return new TensorEntry(name, shapes.get(parameter).clone(), data.length, zeros);
    }

    private static String relative(String module, String name) {
        return module.isEmpty() ? name : name.substring(module.length() + 1);
    }

    private static String base(String name, String suffix) {
        return name.substring(0, name.length() - suffix.length());
    }
}
