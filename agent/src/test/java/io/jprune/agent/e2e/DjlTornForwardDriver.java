package io.jprune.agent.e2e;

import io.jprune.demo.Mnist;
import io.jprune.demo.djl.DjlDigitClassifier;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * Runs inside the app's JVM, with the real agent: several threads, each with its own DJL predictor of the one shared
 * model (as DJL apps run), classify the same eight digits over and over while this thread switches the model between
 * two generations, every weight pruned by one {@code global_unstructured} call and restored, as fast as it can. Every
 * forward's scores must be, bit for bit, those of one of the two generations: a forward that read some layers'
 * weights from one and some from the other would match neither. Prints one line, {@code djl-torn: ...}, and exits
 * 1 on any torn forward, error, or a generation no forward saw.
 *
 * <p>Arguments: seconds, threads.
 */
public final class DjlTornForwardDriver {
    private static final String[] WEIGHTS = {"conv1.weight", "conv2.weight", "fc1.weight", "fc2.weight"};
    private static final int DIGITS = 8;

    private DjlTornForwardDriver() {
    }

    public static void main(String[] args) throws Exception {
        long millis = Long.parseLong(args[0]) * 1000;
        int threads = Integer.parseInt(args[1]);
        DjlDigitClassifier classifier = DjlDigitClassifier.open(null);
        Mnist test = Mnist.test();
        float[][] digits = new float[DIGITS][];
        float[][] unpruned = new float[DIGITS][];
        for (int i = 0; i < DIGITS; i++) {
            digits[i] = test.image(i);
            unpruned[i] = classifier.scores(digits[i]);
        }
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName model = new ObjectName("io.jprune:type=Model,name=CnnMnistBlock");
        Runnable prune = () -> invoke(server, model, "globalUnstructured", new Object[] {WEIGHTS, "l1", "0.6", 0L},
                String[].class.getName(), "java.lang.String", "java.lang.String", "long");
        Runnable restore = () -> invoke(server, model, "restore", new Object[0]);
        prune.run();
        float[][] pruned = new float[DIGITS][];
        for (int i = 0; i < DIGITS; i++) {
            pruned[i] = classifier.scores(digits[i]);
        }
        restore.run();

        AtomicLong seenUnpruned = new AtomicLong();
        AtomicLong seenPruned = new AtomicLong();
        AtomicLong torn = new AtomicLong();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        long end = System.currentTimeMillis() + millis;
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int first = t;
            Thread worker = new Thread(() -> {
                try {
                    for (int n = first; System.currentTimeMillis() < end; n++) {
                        int i = n % DIGITS;
                        float[] scores = classifier.scores(digits[i]);
                        if (Arrays.equals(scores, unpruned[i])) {
                            seenUnpruned.incrementAndGet();
                        } else if (Arrays.equals(scores, pruned[i])) {
                            seenPruned.incrementAndGet();
                        } else {
                            torn.incrementAndGet();
                        }
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            }, "djl-inference-" + t);
            workers.add(worker);
            worker.start();
        }
        long switches = 0;
        try {
            while (System.currentTimeMillis() < end) {
                prune.run();
                restore.run();
                switches += 2;
            }
        } catch (Throwable e) {
            failure.compareAndSet(null, e);
        }
        for (Thread worker : workers) {
            worker.join();
        }
        classifier.close();
        System.out.printf("djl-torn: %d forwards on %d threads during %d switches: %d unpruned, %d pruned, %d torn%s%n",
                seenUnpruned.get() + seenPruned.get() + torn.get(), threads, switches, seenUnpruned.get(),
                seenPruned.get(), torn.get(), failure.get() == null ? "" : "; failed: " + failure.get());
        boolean ok = torn.get() == 0 && failure.get() == null && seenUnpruned.get() > 0 && seenPruned.get() > 0;
        System.exit(ok ? 0 : 1);
    }

    private static void invoke(MBeanServer server, ObjectName model, String operation, Object[] args,
                               String... signature) {
        try {
            server.invoke(model, operation, args, signature);
        } catch (Exception e) {
            throw new IllegalStateException(operation + " failed: " + e, e);
        }
    }
}
