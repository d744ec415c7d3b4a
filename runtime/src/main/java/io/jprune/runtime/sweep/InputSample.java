package io.jprune.runtime.sweep;

import io.jprune.runtime.spi.ActivationForm;
import io.jprune.runtime.trace.CapturedInputs;
import io.jprune.runtime.trace.TrafficObserver;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * The app's traffic as a sweep sees it: copies of the next root-forward inputs, up to a count and a byte budget,
 * and a count of every root forward, from which the app's throughput is measured.
 */
final class InputSample implements TrafficObserver {
    /** The most bytes of input copies a sweep keeps in the app's heap. */
    static final long MAX_BYTES = 64L << 20;
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    private final CapturedInputs inputs;
    private final LongAdder forwards = new LongAdder();

    InputSample(ActivationForm form, int wanted) {
        this.inputs = new CapturedInputs(form, wanted, MAX_BYTES);
    }

    @Override
    public void forward(Object[] arguments) {
        forwards.increment();
        inputs.offer(arguments);
    }

    /** Waits until no more inputs will be kept or {@code nanos} have passed; returns whether none will be. */
    boolean awaitDone(long nanos) throws InterruptedException {
        long deadline = System.nanoTime() + nanos;
        while (!inputs.isDone()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.sleep(Math.min(left, POLL_NANOS));
        }
        return true;
    }

    /** The inputs kept so far, in the order the app ran them. */
    List<Object[]> inputs() {
        return inputs.snapshot();
    }

    /** Stops copying; forwards are still counted. */
    void stopKeeping() {
        inputs.stop();
    }

    /** Why no input could be kept, or {@code null}. */
    String refusal() {
        return inputs.refusal();
    }

    /** Root forwards of the app seen since the sample was attached. */
    long forwards() {
        return forwards.sum();
    }
}
