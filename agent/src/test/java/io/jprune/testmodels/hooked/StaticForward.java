package io.jprune.testmodels.hooked;

/** A static forward is no module's forward. */
public final class StaticForward {
    private static final float[] TABLE = {1, 2};

    private StaticForward() {
    }

    public static float forward(float x) {
        return x * TABLE[1];
    }
}
