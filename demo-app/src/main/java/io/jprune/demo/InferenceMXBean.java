package io.jprune.demo;

/**
 * Management interface of the inference service, registered as {@code demo:type=Inference} in the
 * platform MBean server. All attributes are read-only.
 *
 * <p>A "pass" is one inference thread classifying all the held-out digits once, in order. The
 * "last completed pass" is, among the completed passes, the one that started last (so
 * {@link #getLastPassStartedAtMillis()} never goes backwards): a tool that changed the model at time
 * {@code t} can wait until {@code LastPassStartedAtMillis > t} and then read {@code Accuracy}, which
 * from then on only reflects passes that started after {@code t}.
 */
public interface InferenceMXBean {

    /** Top-1 accuracy of the last completed pass, a fraction in 0..1 (0 before any pass completed). */
    double getAccuracy();

    /** Correctly classified digits in the last completed pass. */
    int getCorrect();

    /** Digits per pass (2000). */
    int getTotal();

    /** Median {@code forward} latency per image, in microseconds, over the last reporting window. */
    double getLatencyP50Micros();

    /** 99th percentile {@code forward} latency per image, in microseconds, over the last reporting window. */
    double getLatencyP99Micros();

    /** Passes completed since start, all threads together. */
    long getPassesCompleted();

    /** {@code System.currentTimeMillis()} when the last completed pass started (0 if none). */
    long getLastPassStartedAtMillis();

    /** {@code System.currentTimeMillis()} when the last completed pass ended (0 if none). */
    long getLastPassCompletedAtMillis();

    /** Images classified since start, all threads together. */
    long getImagesProcessed();

    /** Inferences that threw an exception since start (each counted as a wrong answer). */
    long getErrors();

    /** Number of inference threads. */
    int getThreads();
}
