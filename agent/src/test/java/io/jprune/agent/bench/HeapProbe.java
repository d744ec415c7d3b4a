package io.jprune.agent.bench;

import io.jprune.demo.Linear;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Extra heap jprune holds for one pruned parameter, in a JVM of its own with the agent: heap in use after full
 * collections, before and after {@code l1_unstructured} amount=0.5 on a 4096x4096 linear weight (64 MiB),
 * divided by the parameter's own bytes. The app's array becomes {@code weight_orig}; what jprune adds is the
 * installed {@code orig * mask} and the 1-bit mask, so about 1 + 1/32. Repeated after a restore each time.
 * Run with a collector whose accounting is exact for large arrays (the driver uses Serial).
 *
 * <p>Prints one line per repetition: {@code heap-growth BYTES PARAMETER_BYTES}.
 */
public final class HeapProbe {
    /** Start of each result line. */
    static final String RESULT = "heap-growth ";
    static final int SIDE = 4096;

    private HeapProbe() {
    }

    /** {@code args[0]}: repetitions (default 3). */
    public static void main(String[] args) {
        int repetitions = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        Linear layer = RandomLayers.linear(SIDE, SIDE, new SplittableRandom(16));
        float[] input = new float[SIDE];
        layer.forward(input);
        ForkSetup.current().apply("Linear", Map.of(), () -> layer.forward(input));
        LocalJprune jprune = LocalJprune.model("Linear");
        long parameterBytes = 4L * SIDE * SIDE;
        for (int r = 0; r < repetitions; r++) {
            long before = usedAfterFullGc();
            jprune.l1Unstructured("weight", "0.5");
            layer.forward(input);
            long after = usedAfterFullGc();
            long zeros = ForkSetup.countZeros(layer.getWeight());
            if (zeros < SIDE * SIDE / 2) {
                throw new IllegalStateException("the app reads " + zeros + " zeros after pruning half");
            }
            System.out.println(String.format(Locale.ROOT, "%s%d %d", RESULT, after - before, parameterBytes));
            jprune.restore("weight");
        }
    }

    /** Heap in use once full collections stop freeing anything. */
    private static long usedAfterFullGc() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 10; i++) {
            System.gc();
            long now = memory.getHeapMemoryUsage().getUsed();
            if (now >= used) {
                return now;
            }
            used = now;
        }
        return used;
    }
}
