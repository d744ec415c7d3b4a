package io.jprune.agent.reliability.app;

/** What {@link ClashApp} shows the test: its own Byte Buddy at work, and what its model computes. */
public interface ClashAppMXBean {

    /** Where the app's {@code net.bytebuddy.ByteBuddy} was loaded from: its own jar, not jprune's. */
    String getByteBuddyLocation();

    /** The {@code toString()} of an instance of a class the app's Byte Buddy generates anew for this call. */
    String getGenerated();

    /** The logits of the latest forward of the app's LeNet on its first test digit. */
    float[] getLogits();

    /** How many forwards the app has run. */
    long getForwards();
}
