package io.jprune.agent.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.openjdk.jmh.util.ListStatistics;

/**
 * Repeated measurements of one thing, with the statistics the tables report: JMH's own 99.9% confidence
 * interval of the mean, so that the figures agree with what JMH prints, and min/median/max over runs.
 *
 * @param values the measurements, in the order taken
 */
record Series(List<Double> values) {
    Series {
        values = List.copyOf(values);
        if (values.isEmpty()) {
            throw new IllegalArgumentException("a series needs at least one value");
        }
    }

    double mean() {
        return statistics().getMean();
    }

    /** Half-width of the 99.9% confidence interval of the mean (0 for a single value). */
    double error() {
        return values.size() < 2 ? 0 : statistics().getMeanErrorAt(0.999);
    }

    double min() {
        return Collections.min(values);
    }

    double max() {
        return Collections.max(values);
    }

    double median() {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    int size() {
        return values.size();
    }

    private ListStatistics statistics() {
        ListStatistics statistics = new ListStatistics();
        values.forEach(statistics::addValue);
        return statistics;
    }
}
