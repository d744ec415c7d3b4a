package io.jprune.agent.reliability.app;

import io.jprune.demo.LeNet;
import io.jprune.demo.Mnist;
import io.jprune.demo.Weights;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Runs inside the demo's JVM, next to the real agent: inference threads classify probe digits with one shared
 * LeNet while a console prunes, globally prunes, removes and restores at random. After every operation it records
 * the state's effective weights and computes, with {@link ReferenceLeNet}, the output every probe must have in that
 * state. At the end every output any thread saw must be the output of one recorded state (a forward that saw two
 * states, or a half-installed one, would match none), no thread may have thrown or hung, and no operation may have
 * lost its update. Exits 0 only if all of that holds.
 *
 * <p>Forward durations are measured in three windows and printed: the control (the console does the same work on
 * a second LeNet that no inference thread uses), the operations at full speed on the served model, and the same
 * operations paced at {@value #PACED_PER_SECOND} per second, as a person or a script at a console issues them.
 *
 * <pre>java -javaagent:jprune.jar=modules=io.jprune.demo.* -cp test-classes:demo-app.jar ...TornInferenceDriver SECONDS THREADS</pre>
 */
public final class TornInferenceDriver {
    private static final int PROBES = 24;
    private static final long CONTROL_MILLIS = 3000;
    private static final long PACED_MILLIS = 4000;
    private static final int PACED_PER_SECOND = 10;
    private static final long SEED = 20_251_128L;

    private TornInferenceDriver() {
    }

    /** {@code SECONDS THREADS}: how long the operations run at full speed, and how many app threads classify. */
    public static void main(String[] args) throws Exception {
        long seconds = Long.parseLong(args[0]);
        int threadCount = Integer.parseInt(args[1]);
        List<String> problems = new ArrayList<>();

        LeNet lenet = Weights.loadLeNet();
        Mnist mnist = Mnist.test();
        float[][] probes = new float[PROBES][];
        for (int i = 0; i < PROBES; i++) {
            probes[i] = mnist.image(i * 83);
        }
        lenet.forward(probes[0]);
        ModelOverJmx model = new ModelOverJmx("LeNet");
        if (!model.isRegistered()) {
            fail("jprune did not register the LeNet model after its first forward");
        }
        Map<Integer, Set<Logits>> expected = new HashMap<>();
        Map<String, float[]> unpruned = model.effectiveWeights();
        for (int p = 0; p < PROBES; p++) {
            if (!new Logits(lenet.forward(probes[p])).equals(new Logits(ReferenceLeNet.logits(unpruned, probes[p])))) {
                fail("the reference forward does not reproduce the app's output on probe " + p);
            }
        }
        int states = record(unpruned, probes, expected);

        InferenceThreads threads = new InferenceThreads(lenet, probes, threadCount);
        threads.start();

        LeNet idle = Weights.loadLeNet();
        idle.forward(probes[0]);
        ModelOverJmx idleModel = new ModelOverJmx("LeNet#2");
        Console control = new Console(idleModel, probes, new HashMap<>());
        control.run(CONTROL_MILLIS, 0);
        InferenceThreads.Window controlWindow = threads.takeWindow();

        Console console = new Console(model, probes, expected);
        console.run(seconds * 1000, 0);
        InferenceThreads.Window fullSpeed = threads.takeWindow();
        console.run(PACED_MILLIS, 1000 / PACED_PER_SECOND);
        InferenceThreads.Window paced = threads.takeWindow();
        states += console.states;
        problems.addAll(console.problems);

        List<String> stuck = threads.stop(30_000);
        if (!stuck.isEmpty()) {
            problems.add("inference threads did not stop (deadlock?): " + stuck);
        }
        for (Throwable failure : threads.failures()) {
            problems.add("a forward threw " + failure);
        }
        problems.addAll(console.pruning.lostUpdates().stream().map(lost -> "lost update: " + lost).toList());
        int distinct = 0;
        for (Map.Entry<Integer, Set<Logits>> probe : threads.outputs().entrySet()) {
            for (Logits seen : probe.getValue()) {
                distinct++;
                if (!expected.get(probe.getKey()).contains(seen)) {
                    problems.add("probe " + probe.getKey() + " gave " + seen + ", the output of no applied state "
                            + "(a torn forward)");
                }
            }
        }
        Map<String, float[]> last = model.effectiveWeights();
        for (int p = 0; p < PROBES; p++) {
            if (!new Logits(lenet.forward(probes[p])).equals(new Logits(ReferenceLeNet.logits(last, probes[p])))) {
                problems.add("after the run, probe " + p + " does not compute with the last state");
            }
        }

        System.out.printf(Locale.ROOT, "torn-inference: %d inference threads; operations on the served model %s%n",
                threadCount, console.operations);
        System.out.printf(Locale.ROOT, "torn-inference: %d forwards, %d states recorded, %d distinct outputs seen, "
                + "every one the output of a recorded state: %s%n", threads.forwards(), states, distinct,
                problems.stream().noneMatch(p -> p.contains("torn")));
        print("control, the console pruning a model nobody runs", controlWindow, 0, control.count);
        print("operations at full speed on the served model", fullSpeed, controlWindow.forwardsSoFar(),
                console.countAfter(seconds * 1000));
        print("operations paced at " + PACED_PER_SECOND + "/s on the served model", paced, fullSpeed.forwardsSoFar(),
                console.count - console.countAfter(seconds * 1000));
        for (String problem : problems.subList(0, Math.min(problems.size(), 20))) {
            System.out.println("torn-inference: PROBLEM " + problem);
        }
        System.out.println("torn-inference: " + (problems.isEmpty() ? "OK" : problems.size() + " problems"));
        System.out.flush();
        System.exit(problems.isEmpty() ? 0 : 1);
    }

    private static void print(String what, InferenceThreads.Window window, long forwardsBefore, int operations) {
        System.out.printf(Locale.ROOT, "torn-inference: %s: %d operations, %d forwards, forward p50 %.2f ms, p99 %.2f "
                + "ms, p99.9 %.2f ms, longest %.2f ms%n", what, operations, window.forwardsSoFar() - forwardsBefore,
                window.percentileMillis(0.5), window.percentileMillis(0.99), window.percentileMillis(0.999),
                window.longestNanos() / 1e6);
    }

    /** Random operations on one model, each followed by recording the outputs its new state must give. */
    private static final class Console {
        final RandomPruning pruning;
        final ModelOverJmx model;
        final float[][] probes;
        final Map<Integer, Set<Logits>> expected;
        final Map<String, Integer> operations = new TreeMap<>();
        final List<String> problems = new ArrayList<>();
        final List<Long> ends = new ArrayList<>();
        final long start = System.nanoTime();
        int count;
        int states;

        Console(ModelOverJmx model, float[][] probes, Map<Integer, Set<Logits>> expected) {
            this.pruning = new RandomPruning(model, SEED);
            this.model = model;
            this.probes = probes;
            this.expected = expected;
        }

        /** Operations for {@code millis}, one every {@code everyMillis} (0: back to back). */
        void run(long millis, long everyMillis) throws Exception {
            long end = System.nanoTime() + millis * 1_000_000L;
            long next = System.nanoTime();
            while (System.nanoTime() < end && problems.isEmpty()) {
                try {
                    operations.merge(pruning.next(), 1, Integer::sum);
                } catch (Exception e) {
                    problems.add("an operation failed: " + e);
                    return;
                }
                count++;
                ends.add(System.nanoTime());
                states += record(model.effectiveWeights(), probes, expected);
                next += everyMillis * 1_000_000L;
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000L, (int) (wait % 1_000_000L));
                }
            }
        }

        /** How many operations ended within {@code millis} of this console's start. */
        int countAfter(long millis) {
            long limit = start + millis * 1_000_000L;
            return (int) ends.stream().filter(end -> end - limit <= 0).count();
        }
    }

    /** Adds the output every probe must have under {@code weights}; 1 if this state's outputs are new, else 0. */
    private static int record(Map<String, float[]> weights, float[][] probes, Map<Integer, Set<Logits>> expected) {
        boolean added = false;
        for (int p = 0; p < probes.length; p++) {
            added |= expected.computeIfAbsent(p, k -> new HashSet<>())
                    .add(new Logits(ReferenceLeNet.logits(weights, probes[p])));
        }
        return added ? 1 : 0;
    }

    private static void fail(String why) {
        System.out.println("torn-inference: PROBLEM " + why);
        System.out.flush();
        System.exit(1);
    }
}
