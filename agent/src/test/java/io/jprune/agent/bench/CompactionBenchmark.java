package io.jprune.agent.bench;

import io.jprune.agent.AgentOptions;
import io.jprune.agent.instrumentation.InstrumentationContext;
import io.jprune.agent.instrumentation.plain.PlainInstrumentation;
import io.jprune.agent.instrumentation.plain.PlainOptions;
import io.jprune.demo.LeNet;
import io.jprune.demo.Mnist;
import io.jprune.demo.Weights;
import io.jprune.kernels.cpu.CpuKernels;
import io.jprune.runtime.api.Compactor;
import io.jprune.runtime.api.Pruner;
import io.jprune.runtime.model.Model;
import io.jprune.runtime.model.ModelRegistry;
import io.jprune.runtime.prune.Amount;
import io.jprune.runtime.prune.NormOrder;
import io.jprune.runtime.structure.StructureReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import net.bytebuddy.agent.ByteBuddyAgent;

/**
 * Not a test (no timing is ever asserted): the demo's real LeNet classes, hooked by the real agent installed into
 * this JVM, pruned as issue 6 says (ln_structured 0.5, n=2, dim=0 on conv1, conv2 and fc1), and one of two such
 * models compacted through the agent (arrays and the layers' own int sizes). Then, in one run, the forward latency
 * of the masked and of the compacted model, alternating passes over the 2,000 held-out digits after a warm-up; the
 * median per-forward time of each, the MAC ratio, the measured speed-up and their quotient (target >= 0.8).
 *
 * <pre>
 * cd /work/main &amp;&amp; mvn -B -o -q -pl agent -am install -DskipTests
 * mvn -B -o -q -pl agent exec:exec -Dexec.executable=java -Dexec.classpathScope=test \
 *     -Dexec.args="-Djdk.attach.allowAttachSelf=true -cp %classpath io.jprune.agent.bench.CompactionBenchmark"
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
        CpuKernels kernels = new CpuKernels();
        List<Model> models = new ArrayList<>();
        ModelRegistry registry = new ModelRegistry(new ModelRegistry.Listener() {
            @Override
            public void modelRegistered(Model model) {
                models.add(model);
            }

            @Override
            public void modelUnregistered(Model model) {
                models.remove(model);
            }
        });
        PlainInstrumentation.install(new InstrumentationContext(ByteBuddyAgent.install(), registry, null),
                AgentOptions.parse("modules=io.jprune.demo.*").configuration(PlainOptions.class));
        float[][] images = Mnist.test().images();
        LeNet masked = Weights.loadLeNet();
        LeNet compacted = Weights.loadLeNet();
        pass(masked, images);
        pass(compacted, images);
        if (models.size() != 2) {
            throw new IllegalStateException("the agent found " + models + " instead of the two LeNets");
        }
        for (Model model : models) {
            Pruner pruner = new Pruner(model, kernels);
            for (String param : List.of("conv1.weight", "conv2.weight", "fc1.weight")) {
                pruner.lnStructured(param, Amount.fraction(0.5), NormOrder.parse("2"), 0, null);
            }
        }
        Model toCompact = models.stream().filter(model -> model.root() == compacted).findFirst().orElseThrow();
        Compactor compactor = new Compactor(toCompact);
        StructureReport report = compactor.structure();
        System.out.print(report.render());
        System.out.println(compactor.compact());

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
        double macRatio = (double) report.getMacs() / report.getCompactedMacs();
        double speedUp = before / after;
        System.out.printf(Locale.ROOT, "java %s, %s; %d rounds of %d forwards after %d warm-up passes each%n",
                System.getProperty("java.version"), kernels.description(), rounds, images.length, warmUp);
        System.out.printf(Locale.ROOT, "demo LeNet forward, masked:    median %.1f us (rounds %.1f .. %.1f)%n", before,
                min(maskedTimes), max(maskedTimes));
        System.out.printf(Locale.ROOT, "demo LeNet forward, compacted: median %.1f us (rounds %.1f .. %.1f)%n", after,
                min(compactedTimes), max(compactedTimes));
        System.out.printf(Locale.ROOT, "MACs %,d -> %,d: ratio %.3f%n", report.getMacs(), report.getCompactedMacs(),
                macRatio);
        System.out.printf(Locale.ROOT, "measured speed-up %.3f; speed-up / MAC ratio = %.3f (target >= 0.8)%n",
                speedUp, speedUp / macRatio);
        System.exit(0);
    }

    /** Microseconds per forward over all images, through the app's own (hooked) forward. */
    private static double pass(LeNet net, float[][] images) {
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
