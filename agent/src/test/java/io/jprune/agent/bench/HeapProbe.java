package io.jprune.agent.bench;

import io.jprune.demo.Linear;
import io.jprune.testmodels.hooked.SizelessLinear;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * Extra heap jprune holds for one pruned parameter, in a JVM of its own with the agent: heap in use after full
 * collections, before and after {@code l1_unstructured} amount=0.5 on a 4096x4096 linear weight (64 MiB),
 * divided by the parameter's own bytes. The app's array becomes {@code weight_orig}; what jprune adds is the
 * installed {@code orig * mask} and the 1-bit mask, so about 1 + 1/32. Repeated after a restore each time.
 * Run with a collector whose accounting is exact for large arrays (the driver uses Serial).
 *
 * <p>The weight is the demo's flat {@code float[]}, or with {@code nested} a {@code float[4096][4096]} of rows,
 * which the kernels cannot compute on as it is: there jprune must not keep flat copies besides the app's form.
 *
 * <p>Prints one line per repetition: {@code heap-growth BYTES PARAMETER_BYTES}.
 */
public final class HeapProbe {
    /** Start of each result line. */
    static final String RESULT = "heap-growth ";
    static final int SIDE = 4096;
    /** The argument that makes the weight a {@code float[][]}. */
    static final String NESTED = "nested";

    private HeapProbe() {
    }

    /** {@code args[0]}: repetitions (default 3); {@code args[1]}: {@code flat} (default) or {@code nested}. */
    public static void main(String[] args) {
        int repetitions = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        boolean nested = args.length > 1 && args[1].equals(NESTED);
        float[] input = new float[SIDE];
        Runnable forward;
        Supplier<float[]> appWeight;
        String model;
        if (nested) {
            SizelessLinear layer = new SizelessLinear(rows(RandomLayers.linear(SIDE, SIDE, new SplittableRandom(16))
                    .getWeight()), new float[SIDE]);
            forward = () -> layer.forward(input);
            appWeight = () -> flat(layer.weight());
            model = "SizelessLinear";
        } else {
            Linear layer = RandomLayers.linear(SIDE, SIDE, new SplittableRandom(16));
            forward = () -> layer.forward(input);
            appWeight = layer::getWeight;
            model = "Linear";
        }
        forward.run();
        ForkSetup.current().apply(model, Map.of(), forward);
        LocalJprune jprune = LocalJprune.model(model);
        long parameterBytes = 4L * SIDE * SIDE;
        for (int r = 0; r < repetitions; r++) {
            long before = usedAfterFullGc();
            jprune.l1Unstructured("weight", "0.5");
            forward.run();
            long after = usedAfterFullGc();
            long zeros = ForkSetup.countZeros(appWeight.get());
            if (zeros < SIDE * SIDE / 2) {
                throw new IllegalStateException("the app reads " + zeros + " zeros after pruning half");
            }
            System.out.println(String.format(Locale.ROOT, "%s%d %d", RESULT, after - before, parameterBytes));
            jprune.restore("weight");
        }
    }

    private static float[][] rows(float[] flat) {
        float[][] rows = new float[SIDE][];
        for (int r = 0; r < SIDE; r++) {
            rows[r] = Arrays.copyOfRange(flat, r * SIDE, (r + 1) * SIDE);
        }
        return rows;
    }

    private static float[] flat(float[][] rows) {
        float[] flat = new float[SIDE * SIDE];
        for (int r = 0; r < SIDE; r++) {
            System.arraycopy(rows[r], 0, flat, r * SIDE, SIDE);
        }
        return flat;
    }

    /** Heap in use once full collections stop freeing anything. */
    static long usedAfterFullGc() {
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
