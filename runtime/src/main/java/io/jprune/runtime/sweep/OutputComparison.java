package io.jprune.runtime.sweep;

/**
 * Compares a pruned copy's outputs with the unpruned model's, input by input: how often the top-1 index agrees,
 * the mean cosine similarity, the largest absolute difference. A non-finite output counts as a disagreement
 * with cosine 0 and an infinite difference.
 */
final class OutputComparison {
    private int compared;
    private int sameTop1;
    private double cosineSum;
    private double maxAbs;

    /** Adds one input's outputs; {@code pruned} and {@code unpruned} have the same length. */
    void add(float[] unpruned, float[] pruned) {
        compared++;
        if (pruned == null || pruned.length != unpruned.length) {
            maxAbs = Double.POSITIVE_INFINITY;
            return;
        }
        if (argmax(pruned) == argmax(unpruned)) {
            sameTop1++;
        }
        double dot = 0;
        double a = 0;
        double b = 0;
        for (int i = 0; i < pruned.length; i++) {
            double x = unpruned[i];
            double y = pruned[i];
            dot += x * y;
            a += x * x;
            b += y * y;
            double difference = Math.abs(x - y);
            maxAbs = Double.isNaN(difference) ? Double.POSITIVE_INFINITY : Math.max(maxAbs, difference);
        }
        double cosine = a == 0 && b == 0 ? 1 : a == 0 || b == 0 ? 0 : dot / Math.sqrt(a * b);
        cosineSum += Double.isFinite(cosine) ? cosine : 0;
    }

    /** The index of the largest value, the first on ties; NaN is never the largest, -1 for all NaN. */
    static int argmax(float[] values) {
        int best = -1;
        for (int i = 0; i < values.length; i++) {
            if (!Float.isNaN(values[i]) && (best < 0 || values[i] > values[best])) {
                best = i;
            }
        }
        return best;
    }

    double top1Agreement() {
        return compared == 0 ? 0 : (double) sameTop1 / compared;
    }

    double cosineSimilarity() {
        return compared == 0 ? 0 : cosineSum / compared;
    }

    double maxAbsDifference() {
        return maxAbs;
    }
}
