package io.jprune.runtime.prune;

/**
 * The random numbers of the random methods: SplitMix64, counter-based, so that draw {@code i} of seed
 * {@code s} is {@code mix(s + (i + 1) * 0x9E3779B97F4A7C15)} (the i-th output of a SplitMix64 generator
 * seeded with {@code s}) and any implementation, on any device and in any order, draws the same numbers.
 * A draw is the top 24 bits as a float in [0, 1), so it is exact in float32.
 *
 * <p>Draw {@code i} belongs to flat index {@code i} of the parameter (unstructured) or to channel
 * {@code i} along the method's dim (structured), whatever is already pruned, so one seed gives one mask.
 */
final class RandomDraws {
    private static final long GAMMA = 0x9E3779B97F4A7C15L;

    private RandomDraws() {
    }

    static float draw(long seed, long index) {
        long z = seed + (index + 1) * GAMMA;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z ^= z >>> 31;
        return (z >>> 40) * 0x1.0p-24f;
    }

    /**
     * {@code 1 - draw(i)} for every index: the k smallest of these are the k largest draws, which is what
     * PyTorch's {@code topk(rand_like(t), k)} prunes; {@code 1 - u} is exact for a 24-bit {@code u}.
     */
    static float[] complements(long seed, int n) {
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = 1f - draw(seed, i);
        }
        return values;
    }

    static double[] perChannel(long seed, int channels) {
        double[] values = new double[channels];
        for (int c = 0; c < channels; c++) {
            values[c] = draw(seed, c);
        }
        return values;
    }
}
