package io.jprune.runtime.prune;

import java.util.ArrayList;
import java.util.List;

/**
 * Which channels a structured method keeps: the {@code keep} largest values among the candidate channels,
 * as PyTorch's {@code topk(norm, keep, largest=True)}. NaN ranks above every number (kept longest), and
 * among equal values the lower channel index is kept, so the higher one is pruned first. Channels number
 * in the thousands at most, so a sort is cheap here.
 */
final class ChannelRanking {
    private ChannelRanking() {
    }

    static boolean[] keepLargest(double[] values, boolean[] candidates, int keep) {
        List<Integer> order = new ArrayList<>();
        for (int c = 0; c < values.length; c++) {
            if (candidates == null || candidates[c]) {
                order.add(c);
            }
        }
        order.sort((a, b) -> {
            int byValue = compareDescending(values[a], values[b]);
            return byValue != 0 ? byValue : Integer.compare(a, b);
        });
        boolean[] kept = new boolean[values.length];
        for (int i = 0; i < keep; i++) {
            kept[order.get(i)] = true;
        }
        return kept;
    }

    private static int compareDescending(double a, double b) {
        boolean nanA = Double.isNaN(a);
        boolean nanB = Double.isNaN(b);
        if (nanA || nanB) {
            return Boolean.compare(nanB, nanA);
        }
        return a > b ? -1 : a < b ? 1 : 0;
    }
}
