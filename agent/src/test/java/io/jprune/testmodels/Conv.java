package io.jprune.testmodels;

/** A conv layer with PyTorch's attribute names in camelCase, private and final as apps write them. */
public class Conv {
    private final int inChannels;
    private final int outChannels;
    private final int kernelSize;
    private final float[] weight;
    private final float[] bias;

    public Conv(int inChannels, int outChannels, int kernelSize) {
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.kernelSize = kernelSize;
        this.weight = new float[outChannels * inChannels * kernelSize * kernelSize];
        this.bias = new float[outChannels];
    }

    public float[] forward(float[] x) {
        return x;
    }
}
