package io.jprune.agent.reliability.app;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A console gone wild: random prunes of every kind, global prunes, removes and restores, each checked right after
 * it returned against what the model then lists (a prune whose masks do not show what it reported is a lost
 * update).
 */
final class RandomPruning {
    private static final List<String> WEIGHTS = List.of("conv1.weight", "conv2.weight", "fc1.weight", "fc2.weight",
            "fc3.weight");
    private static final List<String> BIASES = List.of("conv1.bias", "conv2.bias", "fc1.bias", "fc2.bias", "fc3.bias");
    private static final Pattern SINGLE = Pattern.compile("^(\\S+): .* -> (\\d+) of (\\d+) pruned");
    private static final Pattern EACH = Pattern.compile("(\\w+\\.\\w+) (\\d+) of (\\d+)");

    private final ModelOverJmx model;
    private final Random random;
    private final List<String> lostUpdates = new ArrayList<>();

    RandomPruning(ModelOverJmx model, long seed) {
        this.model = model;
        this.random = new Random(seed);
    }

    /** Runs one random operation and checks it; returns its kind, for the tally. */
    String next() throws Exception {
        int pick = random.nextInt(100);
        String weight = WEIGHTS.get(random.nextInt(WEIGHTS.size()));
        String fraction = List.of("0.05", "0.1", "0.2").get(random.nextInt(3));
        if (pick < 15) {
            checkSingle(model.call("randomUnstructured", weight, fraction, random.nextLong()));
            return "random_unstructured";
        }
        if (pick < 30) {
            String param = random.nextBoolean() ? weight : BIASES.get(random.nextInt(BIASES.size()));
            checkSingle(model.call("l1Unstructured", param, fraction));
            return "l1_unstructured";
        }
        if (pick < 42) {
            String n = List.of("1", "2", "inf", "-inf").get(random.nextInt(4));
            checkSingle(model.call("lnStructured", weight, fraction, n, random.nextInt(2)));
            return "ln_structured";
        }
        if (pick < 50) {
            checkSingle(model.call("randomStructured", weight, fraction, random.nextInt(2), random.nextLong()));
            return "random_structured";
        }
        if (pick < 65) {
            List<String> some = new ArrayList<>(WEIGHTS);
            Collections.shuffle(some, random);
            some = some.subList(0, 2 + random.nextInt(some.size() - 1));
            String method = random.nextBoolean() ? "l1" : "random";
            checkGlobal(model.call("globalUnstructured", some.toArray(new String[0]), method, fraction,
                    random.nextLong()));
            return "global_unstructured";
        }
        List<String> pruned = prunedParameters();
        if (pick < 70 && !pruned.isEmpty()) {
            String param = pruned.get(random.nextInt(pruned.size()));
            model.call("remove", param);
            check(!model.maskZeros().containsKey(param + "_mask"), "remove(" + param + ") left its mask");
            return "remove";
        }
        if (pick < 88 && !pruned.isEmpty()) {
            String param = pruned.get(random.nextInt(pruned.size()));
            model.call("restore", param);
            check(!model.maskZeros().containsKey(param + "_mask"), "restore(" + param + ") left its mask");
            return "restore(param)";
        }
        model.call("restore");
        check(model.maskZeros().isEmpty(), "restore() left masks " + model.maskZeros());
        return "restore()";
    }

    private List<String> prunedParameters() throws Exception {
        List<String> pruned = new ArrayList<>();
        for (String mask : model.maskZeros().keySet()) {
            pruned.add(mask.substring(0, mask.length() - "_mask".length()));
        }
        return pruned;
    }

    /** {@code conv1.weight: ... -> 16 of 54 pruned (29.6%)}: the mask must now prune exactly 16. */
    private void checkSingle(String summary) throws Exception {
        Matcher matcher = SINGLE.matcher(summary);
        check(matcher.find(), "unexpected summary " + summary);
        Long zeros = model.maskZeros().get(matcher.group(1) + "_mask");
        check(zeros != null && zeros == Long.parseLong(matcher.group(2)), summary + " but the mask prunes " + zeros);
    }

    /** {@code global_unstructured ... : conv1.weight 5 of 54, fc1.weight 900 of 48000}: every mask as reported. */
    private void checkGlobal(String summary) throws Exception {
        Map<String, Long> masks = model.maskZeros();
        Matcher each = EACH.matcher(summary.substring(summary.lastIndexOf(": ") + 2));
        int parameters = 0;
        while (each.find()) {
            parameters++;
            Long zeros = masks.get(each.group(1) + "_mask");
            check(zeros != null && zeros == Long.parseLong(each.group(2)), summary + " but " + each.group(1)
                    + "'s mask prunes " + zeros);
        }
        check(parameters >= 2, "unexpected summary " + summary);
    }

    private void check(boolean condition, String lostUpdate) {
        if (!condition) {
            lostUpdates.add(lostUpdate);
        }
    }

    List<String> lostUpdates() {
        return lostUpdates;
    }
}
