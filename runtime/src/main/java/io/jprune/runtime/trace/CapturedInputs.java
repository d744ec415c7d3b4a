package io.jprune.runtime.trace;

import io.jprune.runtime.spi.ActivationForm;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Copies of the arguments the app passed to its model's first few root forwards: the inputs the structure
 * analysis replays to see where channels go and the compaction check replays to prove nothing changed. Real
 * inputs matter, since what a pruned channel delivers downstream (its bias through ReLU and pooling) is read
 * from them. Bounded in count and bytes; only arguments the model's {@link ActivationForm} accepts are kept,
 * since only those can be copied faithfully.
 *
 * <p>Once full (or refused) a forward pays one volatile read here.
 */
public final class CapturedInputs {
    /** How many root forwards are kept: several different inputs, so that a constant tells from a variable. */
    static final int WANTED = 8;
    /** The most bytes of copies kept per model, so that a model with huge inputs cannot eat the host's heap. */
    static final long MAX_BYTES = 32L << 20;

    private final ActivationForm form;
    private final int wanted;
    private final long maxBytes;
    private final List<Object[]> inputs = new ArrayList<>();
    private volatile boolean done;
    private long bytes;
    private String refusal;

    /** @param form how the model's forward arguments are copied */
    public CapturedInputs(ActivationForm form) {
        this(form, WANTED, MAX_BYTES);
    }

    /**
     * A capture of other bounds, e.g. the hundreds of inputs a sensitivity sweep replays.
     *
     * @param wanted   how many root forwards to keep
     * @param maxBytes the most bytes of copies to keep
     */
    public CapturedInputs(ActivationForm form, int wanted, long maxBytes) {
        this.form = Objects.requireNonNull(form, "form");
        this.wanted = wanted;
        this.maxBytes = maxBytes;
    }

    /** Keeps a copy of a root forward's arguments if more are wanted; the app's arrays are never kept. */
    public void offer(Object[] arguments) {
        if (done || arguments == null) {
            return;
        }
        synchronized (this) {
            if (done) {
                return;
            }
            try {
                keep(arguments);
            } catch (RuntimeException | OutOfMemoryError e) {
                refusal = "copying its root forward's input failed: " + e;
                done = true;
            }
        }
    }

    /** Copies {@code arguments} if the form accepts them all and they fit; otherwise says why, once. */
    private void keep(Object[] arguments) {
        long size = 0;
        for (int i = 0; i < arguments.length; i++) {
            Object argument = arguments[i];
            if (!form.accepts(argument)) {
                refusal = "its root forward takes " + (argument == null ? "a null argument"
                        : "a " + argument.getClass().getName()) + " (argument " + i + "); jprune replays only "
                        + form.description();
                done = true;
                return;
            }
            size += form.bytes(argument);
        }
        if (bytes + size > maxBytes) {
            if (inputs.isEmpty()) {
                refusal = "its root forward's input of " + size + " bytes is more than the " + maxBytes
                        + " bytes jprune keeps per model";
            }
            done = true;
            return;
        }
        Object[] copy = new Object[arguments.length];
        for (int i = 0; i < copy.length; i++) {
            copy[i] = form.copy(arguments[i]);
        }
        bytes += size;
        inputs.add(copy);
        done = inputs.size() >= wanted;
    }

    /** Whether no more inputs will be kept: enough were, or they cannot be, or {@link #stop()} was called. */
    public boolean isDone() {
        return done;
    }

    /** Keeps no more inputs. */
    public synchronized void stop() {
        done = true;
    }

    /** The kept inputs, in the order the app ran them; callers must copy the arrays before passing them on. */
    public synchronized List<Object[]> snapshot() {
        return List.copyOf(inputs);
    }

    /**
     * Why no input can be replayed (the app's root forward takes arguments jprune cannot copy), or {@code null}
     * when there are inputs or there may be some later.
     */
    public synchronized String refusal() {
        return inputs.isEmpty() ? refusal : null;
    }

}
