package io.jprune.runtime.prune;

import java.util.ArrayList;
import java.util.List;

/**
 * Which channels a structured method keeps: the {@code keep} largest values among the candidate channels,
 * as PyTorch's {@code topk(norm, keep, largest=True)}. NaN ranks above every number (kept longest), and
 * among equal values the lower channel index is kept, so the higher one is pruned first. Channels number
 * in the thousands at most, so a sort is cheap here.
 *
 * <p>With a relative tolerance, values that differ by rounding noise count as equal, so that the tie rule
 * and not the noise decides among them: after sorting, each run of values within {@code tolerance} of
 * the largest value of the run (relative to it) is one tie, ordered by channel index. This is for norms
 * whose last bits may differ between machines (see {@link NormOrder#tieTolerance()}); values whose noisy
 * copies straddle a run's edge, i.e. genuinely distinct by about the tolerance, can still fall either side.
 */
final class ChannelRanking {
    private ChannelRanking() {
    }

    /** The {@code keep} largest, exactly equal values tied. */
    static boolean[] keepLargest(double[] values, boolean[] candidates, int keep) {
        return keepLargest(values, candidates, keep, 0);
    }

    /** The {@code keep} largest, values within {@code tolerance} (relative) of a larger one tied with it. */
    static boolean[] keepLargest(double[] values, boolean[] candidates, int keep, double tolerance) {
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
        if (tolerance > 0) {
            tieNearlyEqual(values, order, tolerance);
        }
        boolean[] kept = new boolean[values.length];
        for (int i = 0; i < keep; i++) {
            kept[order.get(i)] = true;
        }
        return kept;
    }

    /** Reorders each run of nearly equal values (already sorted descending) by channel index. */
    private static void tieNearlyEqual(double[] values, List<Integer> order, double tolerance) {
        int start = 0;
        while (start < order.size()) {
            double leader = values[order.get(start)];
            int end = start + 1;
            while (end < order.size() && nearlyEqual(leader, values[order.get(end)], tolerance)) {
                end++;
            }
            order.subList(start, end).sort(Integer::compare);
            start = end;
        }
    }

    private static boolean nearlyEqual(double leader, double value, double tolerance) {
        if (Double.compare(leader, value) == 0 || leader == value) {
            return true;
        }
        return Double.isFinite(leader) && Double.isFinite(value) && leader - value <= tolerance * Math.abs(leader);
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
