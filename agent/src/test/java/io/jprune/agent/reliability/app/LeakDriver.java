package io.jprune.agent.reliability.app;

import io.jprune.demo.LeNet;
import io.jprune.demo.Mnist;
import io.jprune.demo.Weights;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import javax.management.ObjectName;

/**
 * Runs inside the demo's JVM, next to the real agent: prunes and restores the running model {@code CYCLES} times
 * (a global prune over every weight, a structured prune, a full restore) while an app thread keeps classifying,
 * and compares the heap after a full GC before and after; then lets the app drop a second, pruned model and waits
 * for it to be collected and its MBean to go. Prints its figures and exits 0 only if the heap grew by less than
 * {@code MAX_GROWTH_BYTES} and the dropped model went.
 *
 * <pre>java -XX:+UseSerialGC -javaagent:jprune.jar=modules=io.jprune.demo.* -cp ... LeakDriver CYCLES MAX_GROWTH_BYTES</pre>
 */
public final class LeakDriver {
    private static final String[] WEIGHTS = {"conv1.weight", "conv2.weight", "fc1.weight", "fc2.weight", "fc3.weight"};
    private static final int WARM_UP_CYCLES = 100;
    private static final long DROP_PATIENCE_MILLIS = 30_000;

    private LeakDriver() {
    }

    /** {@code CYCLES MAX_GROWTH_BYTES}. */
    public static void main(String[] args) throws Exception {
        int cycles = Integer.parseInt(args[0]);
        long maxGrowth = Long.parseLong(args[1]);
        List<String> problems = new ArrayList<>();

        LeNet lenet = Weights.loadLeNet();
        float[] digit = Mnist.test().image(0);
        lenet.forward(digit);
        ModelOverJmx model = new ModelOverJmx("LeNet");
        Thread app = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                lenet.forward(digit);
            }
        }, "inference");
        app.setDaemon(true);
        app.start();

        for (int i = 0; i < WARM_UP_CYCLES; i++) {
            cycle(model, i);
        }
        long before = heapAfterGc();
        long start = System.nanoTime();
        for (int i = 0; i < cycles; i++) {
            cycle(model, i);
        }
        long took = System.nanoTime() - start;
        long after = heapAfterGc();
        long growth = after - before;
        System.out.printf(Locale.ROOT, "leaks: %d prune/restore cycles in %.1f s; heap after full GC %.2f MB before, "
                + "%.2f MB after: %+.3f MB (limit %.1f MB)%n", cycles, took / 1e9, before / 1e6, after / 1e6,
                growth / 1e6, maxGrowth / 1e6);
        if (growth >= maxGrowth) {
            problems.add("the heap grew by " + growth + " bytes over " + cycles + " cycles");
        }
        if (!model.maskZeros().isEmpty()) {
            problems.add("the model is still pruned after the last restore: " + model.maskZeros());
        }

        long droppedAfter = dropASecondPrunedModel(digit, problems);
        if (droppedAfter >= 0) {
            System.out.printf(Locale.ROOT, "leaks: a pruned model the app dropped was collected and its MBean "
                    + "unregistered %d ms after it was let go%n", droppedAfter);
        }
        app.interrupt();
        for (String problem : problems) {
            System.out.println("leaks: PROBLEM " + problem);
        }
        System.out.println("leaks: " + (problems.isEmpty() ? "OK" : problems.size() + " problems"));
        System.out.flush();
        System.exit(problems.isEmpty() ? 0 : 1);
    }

    private static void cycle(ModelOverJmx model, int i) throws Exception {
        model.call("globalUnstructured", WEIGHTS, i % 2 == 0 ? "l1" : "random", "0.5", (long) i);
        model.call("lnStructured", "conv2.weight", "0.25", "2", 0);
        model.call("restore");
    }

    /** Milliseconds until the dropped model was gone from the heap and from JMX, or -1 (a problem) if never. */
    private static long dropASecondPrunedModel(float[] digit, List<String> problems) throws Exception {
        ObjectName secondName = new ObjectName("io.jprune:type=Model,name=LeNet#2");
        ObjectName agent = new ObjectName("io.jprune:type=Agent");
        LeNet second = Weights.loadLeNet();
        second.forward(digit);
        ModelOverJmx secondModel = new ModelOverJmx("LeNet#2");
        if (!secondModel.isRegistered()) {
            problems.add("the second model was not registered");
            return -1;
        }
        secondModel.call("l1Unstructured", "fc1.weight", "0.5");
        second.forward(digit);
        WeakReference<LeNet> dropped = new WeakReference<>(second);
        second = null;
        long start = System.currentTimeMillis();
        while (System.currentTimeMillis() - start < DROP_PATIENCE_MILLIS) {
            System.gc();
            Thread.sleep(100);
            String[] models = (String[]) ManagementFactory.getPlatformMBeanServer().getAttribute(agent, "Models");
            if (dropped.get() == null && !secondModel.isRegistered() && Arrays.equals(models, new String[] {"LeNet"})
                    && !ManagementFactory.getPlatformMBeanServer().isRegistered(secondName)) {
                return System.currentTimeMillis() - start;
            }
        }
        problems.add("a model the app dropped was still " + (dropped.get() != null ? "on the heap" : "registered")
                + " after " + DROP_PATIENCE_MILLIS + " ms");
        return -1;
    }

    /**
     * The live heap: what every heap pool held right after a full GC, as the GC reports it, so that what the app
     * thread allocates after the collection (a new TLAB can be megabytes) does not count. The least of a few.
     */
    private static long heapAfterGc() throws InterruptedException {
        long least = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            long used = 0;
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getType() == MemoryType.HEAP && pool.getCollectionUsage() != null) {
                    used += pool.getCollectionUsage().getUsed();
                }
            }
            least = Math.min(least, used);
            Thread.sleep(20);
        }
        return least;
    }
}
