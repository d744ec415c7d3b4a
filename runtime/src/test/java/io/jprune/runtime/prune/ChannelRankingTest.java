package io.jprune.runtime.prune;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The tie rule of structured pruning, exact and within a tolerance. */
class ChannelRankingTest {

    @Test
    void exactRankingKeepsTheLowerIndexAmongEqualValuesAndNanAboveAll() {
        double[] values = {1, 2, 2, Double.NaN, 2, 0.5};
        assertArrayEquals(new boolean[] {false, true, true, true, false, false},
                ChannelRanking.keepLargest(values, null, 3));
        // 2 + 1e-15 is larger than 2: exact comparison ranks it first
        assertArrayEquals(new boolean[] {false, true, false, false, true, false},
                ChannelRanking.keepLargest(new double[] {1, 2, 2, 0, 2 + 4e-15, 0.5}, null, 2));
    }

    @Test
    void valuesWithinTheToleranceAreOneTieDecidedByIndex() {
        double[] values = {2 - 1e-12, 1, 2 + 1e-12, 2, 0.5, 2 * (1 + 1e-6)};
        // channel 5 is larger beyond the tolerance; channels 0, 2 and 3 tie, lowest indices first
        assertArrayEquals(new boolean[] {true, false, false, false, false, true},
                ChannelRanking.keepLargest(values, null, 2, 1e-9));
        assertArrayEquals(new boolean[] {true, false, true, false, false, true},
                ChannelRanking.keepLargest(values, null, 3, 1e-9));
        assertArrayEquals(new boolean[] {false, false, true, false, false, true},
                ChannelRanking.keepLargest(values, null, 2, 0), "without a tolerance the noise decides");
    }

    @Test
    void onlyCandidatesAreRankedAndInfinityAndNanTieOnlyWithThemselves() {
        double[] values = {Double.POSITIVE_INFINITY, 1e308, Double.NaN, Double.POSITIVE_INFINITY, 3};
        boolean[] kept = ChannelRanking.keepLargest(values, new boolean[] {true, true, false, true, true}, 2, 1e-9);
        assertArrayEquals(new boolean[] {true, false, false, true, false}, kept);
        assertEquals(true, ChannelRanking.keepLargest(values, null, 1, 1e-9)[2], "NaN first");
    }
}
