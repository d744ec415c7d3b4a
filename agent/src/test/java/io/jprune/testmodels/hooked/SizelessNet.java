package io.jprune.testmodels.hooked;

/** {@code second(first(x))}, where {@code first} keeps no int sizes. */
public class SizelessNet {
    private final SizelessLinear first;
    private final BiasedLinear second;

    public SizelessNet(SizelessLinear first, BiasedLinear second) {
        this.first = first;
        this.second = second;
    }

    public float[] forward(float[] x) {
        return second.forward(first.forward(x));
    }

    public SizelessLinear first() {
        return first;
    }
}
