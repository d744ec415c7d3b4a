package io.jprune.testmodels.hooked;

/** {@code second(relu(first(x)))} where {@code second} ignores its own input size. */
public class CarelessNet {
    private final BiasedLinear first;
    private final CarelessLinear second;

    public CarelessNet(BiasedLinear first, CarelessLinear second) {
        this.first = first;
        this.second = second;
    }

    public float[] forward(float[] x) {
        float[] h = first.forward(x);
        for (int i = 0; i < h.length; i++) {
            h[i] = Math.max(0f, h[i]);
        }
        return second.forward(h);
    }

    public BiasedLinear first() {
        return first;
    }

    public CarelessLinear second() {
        return second;
    }
}
