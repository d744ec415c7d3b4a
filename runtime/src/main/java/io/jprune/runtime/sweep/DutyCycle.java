package io.jprune.runtime.sweep;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.TimeUnit;

/**
 * Keeps a thread's work to a share of one core: after each stretch of work it sleeps until the CPU time it used
 * is at most that share of the wall time, so that a sweep leaves the app its cores. Measured in the thread's own
 * CPU time where the JVM offers it, so that time spent waiting for a core the app holds is not counted as work
 * (which would make the sweep sleep more than it must); in wall time otherwise. Not thread-safe: one per thread.
 */
final class DutyCycle {
    /** Work shorter than this is not slept after yet, so that sleeps are few and long enough to be accurate. */
    private static final long SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    private final double share;
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final boolean cpuTime = threads.isCurrentThreadCpuTimeSupported() && threads.isThreadCpuTimeEnabled();
    private long wallStart = System.nanoTime();
    private long cpuStart = cpuNanos();

    /** @param share the most of one core to take, in (0, 1]; 1 never sleeps */
    DutyCycle(double share) {
        this.share = share;
    }

    /** Called between two units of work: sleeps when the work since the last sleep fills its slice. */
    void pace() throws InterruptedException {
        if (share >= 1) {
            return;
        }
        long busy = cpuNanos() - cpuStart;
        if (busy < SLICE_NANOS) {
            return;
        }
        long elapsed = System.nanoTime() - wallStart;
        long sleep = (long) (busy / share) - elapsed;
        if (sleep > 0) {
            TimeUnit.NANOSECONDS.sleep(sleep);
        }
        wallStart = System.nanoTime();
        cpuStart = cpuNanos();
    }

    private long cpuNanos() {
        return cpuTime ? threads.getCurrentThreadCpuTime() : System.nanoTime();
    }
}
