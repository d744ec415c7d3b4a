package io.jprune.runtime.structure;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Not a test (no timing is ever asserted): measures, in one run, the demo LeNet's forward before and after
 * compaction of the prune (ln_structured 0.5, n=2, dim=0 on conv1, conv2 and fc1) and compares the
 * speed-up with the MAC reduction; the target is a quotient of at least 0.8. The model is the demo's trained
 * LeNet run by the demo's own loops (written out in {@link ToyLeNet}), on the 2,000 held-out digits.
 *
 * <pre>
 * cd /work/main &amp;&amp; mvn -B -o -q -pl runtime -am install -DskipTests
 * mvn -B -o -q -pl runtime exec:exec -Dexec.executable=java -Dexec.classpathScope=test \
 *     -Dexec.args="-cp %classpath io.jprune.runtime.structure.CompactionBenchmark"
 * </pre>
 * Optional arguments: rounds (default 21) and warm-up passes (default 10).
 */
public final class CompactionBenchmark {
    private static volatile float sink;

    private CompactionBenchmark() {
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 21;
        int warmUp = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        float[][] images = DemoResources.testImages();
        ToyLeNet masked = pruned();
        ToyLeNet compacted = pruned();
        ModelStructure structure = StructureAnalysis.of(compacted.describe())
                .run(new ToyTracer(compacted, Arrays.asList(images).subList(0, 4)));
        compacted.install(structure.plan());
        System.out.println(structure.report().render());

        for (int i = 0; i < warmUp; i++) {
            pass(masked, images);
            pass(compacted, images);
        }
        List<Double> maskedTimes = new ArrayList<>();
        List<Double> compactedTimes = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            maskedTimes.add(pass(masked, images));
            compactedTimes.add(pass(compacted, images));
        }
        double before = median(maskedTimes);
        double after = median(compactedTimes);
        double macRatio = (double) structure.report().getMacs() / structure.report().getCompactedMacs();
        double speedUp = before / after;
        System.out.printf(Locale.ROOT, "java %s, %d rounds of %d forwards after %d warm-up passes each%n",
                System.getProperty("java.version"), rounds, images.length, warmUp);
        System.out.printf(Locale.ROOT, "forward, masked:    median %.1f us (rounds %.1f .. %.1f)%n", before,
                min(maskedTimes), max(maskedTimes));
        System.out.printf(Locale.ROOT, "forward, compacted: median %.1f us (rounds %.1f .. %.1f)%n", after,
                min(compactedTimes), max(compactedTimes));
        System.out.printf(Locale.ROOT, "MACs %,d -> %,d: ratio %.3f%n", structure.report().getMacs(),
                structure.report().getCompactedMacs(), macRatio);
        System.out.printf(Locale.ROOT, "measured speed-up %.3f; speed-up / MAC ratio = %.3f (target >= 0.8)%n",
                speedUp, speedUp / macRatio);
    }

    private static ToyLeNet pruned() {
        ToyLeNet net = ToyLeNet.of(DemoResources.weights());
        net.conv1.prune(Compaction.halfOfTheRows());
        net.conv2.prune(Compaction.halfOfTheRows());
        net.fc1.prune(Compaction.halfOfTheRows());
        return net;
    }

    /** Microseconds per forward over all images. */
    private static double pass(ToyLeNet net, float[][] images) {
        float sum = 0;
        long start = System.nanoTime();
        for (float[] image : images) {
            sum += net.forward(image)[0];
        }
        long elapsed = System.nanoTime() - start;
        sink = sum;
        return elapsed / 1e3 / images.length;
    }

    private static double median(List<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return sorted[sorted.length / 2];
    }

    private static double min(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).min().orElse(0);
    }

    private static double max(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).max().orElse(0);
    }
}
