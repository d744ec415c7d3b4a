package io.jprune.agent.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * The JMH scores of one case over all its forks: every measured iteration, and each fork's mean in the
 * order the forks ran (fork {@code r} ran in round {@code r}, next to the other cases' fork {@code r}).
 * A case that failed keeps its reason instead.
 */
final class ForkedScores {
    private final List<Double> iterations = new ArrayList<>();
    private final List<Double> forkMeans = new ArrayList<>();
    private String failure;

    void addFork(List<Double> iterationScores) {
        iterations.addAll(iterationScores);
        forkMeans.add(new Series(iterationScores).mean());
    }

    void fail(String reason) {
        failure = reason;
    }

    boolean failed() {
        return failure != null;
    }

    String failure() {
        return failure;
    }

    Series iterations() {
        return new Series(iterations);
    }

    Series forkMeans() {
        return new Series(forkMeans);
    }

    /** This case's fork means over {@code other}'s, round by round. */
    Series roundRatios(ForkedScores other) {
        List<Double> ratios = new ArrayList<>();
        for (int r = 0; r < Math.min(forkMeans.size(), other.forkMeans.size()); r++) {
            ratios.add(forkMeans.get(r) / other.forkMeans.get(r));
        }
        return new Series(ratios);
    }
}
