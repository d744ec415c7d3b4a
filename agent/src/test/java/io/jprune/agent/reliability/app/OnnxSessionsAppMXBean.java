package io.jprune.agent.reliability.app;

/** What {@link OnnxSessionsApp} shows the test: the latest outputs of its two sessions, and a way to close one. */
public interface OnnxSessionsAppMXBean {

    /** The latest output of the small linear session on its fixed input {@code [1, 2, 3]}. */
    float[] getTinyOutput();

    /**
     * Every distinct output the small session gave any of the app's threads so far, as {@code Arrays.toString}: a
     * run that saw half a change would add one that no applied state computes.
     */
    String[] getDistinctTinyOutputs();

    /** The latest logits of the cnn_mnist session on the first held-out digit. */
    float[] getMnistLogits();

    /** Rounds run (both sessions once each) since start. */
    long getRounds();

    /** Runs that threw, other than runs of the small session after the app closed it. */
    long getErrors();

    /** Closes the small session; the app keeps its reference and stops running it. */
    void closeTiny();
}
