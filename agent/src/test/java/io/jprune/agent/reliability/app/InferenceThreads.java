package io.jprune.agent.reliability.app;

import io.jprune.demo.LeNet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;

/**
 * App threads classifying probe digits with one shared LeNet as fast as they can, each remembering every distinct
 * output per digit (outputs repeat while the pruning state does not change, so this stays small), the longest
 * forward it saw, and anything thrown.
 */
final class InferenceThreads {
    private final LeNet lenet;
    private final float[][] probes;
    private final List<Thread> threads = new ArrayList<>();
    private final List<Map<Integer, Set<Logits>>> seen = new ArrayList<>();
    private final AtomicLong forwards = new AtomicLong();
    private final AtomicLong longestNanos = new AtomicLong();
    private final AtomicLong over10ms = new AtomicLong();
    private static final int BUCKETS = 20_000;
    private static final long BUCKET_NANOS = 10_000;
    private final AtomicReference<AtomicLongArray> histogram = new AtomicReference<>(new AtomicLongArray(BUCKETS + 1));
    private final ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
    private volatile boolean running = true;

    InferenceThreads(LeNet lenet, float[][] probes, int count) {
        this.lenet = lenet;
        this.probes = probes;
        for (int t = 0; t < count; t++) {
            Map<Integer, Set<Logits>> outputs = new HashMap<>();
            seen.add(outputs);
            int first = t;
            Thread thread = new Thread(() -> classify(first, outputs), "inference-" + t);
            thread.setDaemon(true);
            threads.add(thread);
        }
    }

    void start() {
        threads.forEach(Thread::start);
    }

    private void classify(int first, Map<Integer, Set<Logits>> outputs) {
        int probe = first % probes.length;
        while (running) {
            try {
                long start = System.nanoTime();
                float[] logits = lenet.forward(probes[probe]);
                long took = System.nanoTime() - start;
                longestNanos.accumulateAndGet(took, Math::max);
                histogram.get().incrementAndGet((int) Math.min(BUCKETS, took / BUCKET_NANOS));
                if (took > TimeUnit.MILLISECONDS.toNanos(10)) {
                    over10ms.incrementAndGet();
                }
                outputs.computeIfAbsent(probe, p -> new HashSet<>()).add(new Logits(logits));
                forwards.incrementAndGet();
            } catch (Throwable t) {
                failures.add(t);
            }
            probe = (probe + 1) % probes.length;
        }
    }

    /** What the forwards since the last call looked like; starts a new window. */
    Window takeWindow() {
        AtomicLongArray durations = histogram.getAndSet(new AtomicLongArray(BUCKETS + 1));
        return new Window(forwards.get(), longestNanos.getAndSet(0), over10ms.getAndSet(0), durations);
    }

    /**
     * Forward durations over a window of time.
     *
     * @param forwardsSoFar forwards since the start, at the end of the window
     * @param longestNanos  the longest forward of the window
     * @param over10ms      how many forwards of the window took over 10 ms
     * @param durations     how many forwards took 0-10 us, 10-20 us, ...; the last bucket holds the longer ones
     */
    record Window(long forwardsSoFar, long longestNanos, long over10ms, AtomicLongArray durations) {
        /** The duration that {@code fraction} of the window's forwards did not exceed, in milliseconds. */
        double percentileMillis(double fraction) {
            long total = 0;
            for (int i = 0; i < durations.length(); i++) {
                total += durations.get(i);
            }
            long rank = (long) Math.ceil(fraction * total);
            long seen = 0;
            for (int i = 0; i < durations.length(); i++) {
                seen += durations.get(i);
                if (seen >= rank) {
                    return (i + 1) * BUCKET_NANOS / 1e6;
                }
            }
            return Double.NaN;
        }
    }

    long forwards() {
        return forwards.get();
    }

    /** Stops the threads; the names of those that did not stop within the timeout (a deadlock). */
    List<String> stop(long timeoutMillis) throws InterruptedException {
        running = false;
        long deadline = System.currentTimeMillis() + timeoutMillis;
        List<String> stuck = new ArrayList<>();
        for (Thread thread : threads) {
            thread.join(Math.max(1, deadline - System.currentTimeMillis()));
            if (thread.isAlive()) {
                stuck.add(thread.getName());
            }
        }
        return stuck;
    }

    /** Every distinct output per probe, over all threads; read after {@link #stop}. */
    Map<Integer, Set<Logits>> outputs() {
        Map<Integer, Set<Logits>> all = new HashMap<>();
        for (Map<Integer, Set<Logits>> outputs : seen) {
            outputs.forEach((probe, logits) -> all.computeIfAbsent(probe, p -> new HashSet<>()).addAll(logits));
        }
        return all;
    }

    List<Throwable> failures() {
        return new ArrayList<>(failures);
    }
}
