package io.jprune.testmodels.hooked;

/** Two layers of four weights each, fed a 1: the output is both layers' weights as the forward saw them. */
public class PairNet {
    private final HookedLinear first = new HookedLinear(1, 4, 1, 2, 3, 4);
    private final HookedLinear second = new HookedLinear(1, 4, 1, 2, 3, 4);

    public float[] forward() {
        float[] a = first.forward(new float[] {1});
        Thread.yield();
        float[] b = second.forward(new float[] {1});
        float[] both = new float[8];
        System.arraycopy(a, 0, both, 0, 4);
        System.arraycopy(b, 0, both, 4, 4);
        return both;
    }
}
