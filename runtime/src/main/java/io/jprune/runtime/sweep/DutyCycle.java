package io.jprune.runtime.sweep;

import java.util.concurrent.TimeUnit;

/**
 * Keeps a thread's work to a share of one core: after each stretch of work it sleeps in proportion, so that a
 * sweep leaves the app its cores. Not thread-safe: one per sweeping thread.
 */
final class DutyCycle {
    /** Work shorter than this is not slept after yet, so that sleeps are few and long enough to be accurate. */
    private static final long SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    private final double share;
    private long busySince = System.nanoTime();

    /** @param share the most of one core to take, in (0, 1]; 1 never sleeps */
    DutyCycle(double share) {
        this.share = share;
    }

    /** Called between two units of work: sleeps when the work since the last sleep fills its slice. */
    void pace() throws InterruptedException {
        if (share >= 1) {
            return;
        }
        long busy = System.nanoTime() - busySince;
        if (busy < SLICE_NANOS) {
            return;
        }
        long sleep = (long) (busy * (1 - share) / share);
        TimeUnit.NANOSECONDS.sleep(sleep);
        busySince = System.nanoTime();
    }
}
