package io.jprune.runtime.sweep;

import io.jprune.runtime.spi.ActivationForm;
import io.jprune.runtime.trace.CapturedInputs;
import io.jprune.runtime.trace.TrafficObserver;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * The app's traffic as a sweep sees it: copies of the next root-forward inputs, up to a count and a byte budget,
 * and a count of every root forward, from which the app's throughput is measured. An input equal to one already
 * kept is not kept again, so that the sample holds as many different inputs as it can.
 */
final class InputSample implements TrafficObserver {
    /** The most bytes of input copies a sweep keeps in the app's heap. */
    static final long MAX_BYTES = 64L << 20;
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    private final ActivationForm form;
    private final CapturedInputs inputs;
    private final LongAdder forwards = new LongAdder();
    /** Fingerprints of the inputs kept: an app serving the same input again (or two threads in step) adds none. */
    private final Set<Integer> seen = new HashSet<>();

    InputSample(ActivationForm form, int wanted) {
        this.form = form;
        this.inputs = new CapturedInputs(form, wanted, MAX_BYTES);
    }

    @Override
    public void forward(Object[] arguments) {
        forwards.increment();
        if (inputs.isDone() || arguments == null) {
            return;
        }
        synchronized (seen) {
            if (seen.add(fingerprint(arguments))) {
                inputs.offer(arguments);
            }
        }
    }

    /** A hash of the arguments' values, or of their identities where the form cannot read them as floats. */
    private int fingerprint(Object[] arguments) {
        int hash = 1;
        for (Object argument : arguments) {
            float[] values = argument == null || !form.accepts(argument) ? null : form.floats(argument);
            hash = 31 * hash + (values != null ? Arrays.hashCode(values) : System.identityHashCode(argument));
        }
        return hash;
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
