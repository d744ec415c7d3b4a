package io.jprune.kernels;

/**
 * The kernels this JVM computes with, chosen once, with the sentence a person needs to trust the
 * choice: which GPU and driver, or why the CPU (e.g. {@code cpu: libcuda.so.1 not found (no NVIDIA
 * driver)}). Immutable.
 */
public final class Backend {
    private final Kernels kernels;
    private final boolean gpu;
    private final String description;

    Backend(Kernels kernels, boolean gpu, String description) {
        this.kernels = kernels;
        this.gpu = gpu;
        this.description = description;
    }

    /** What the engine computes with; for {@code auto} on a GPU machine, a router by tensor size. */
    public Kernels kernels() {
        return kernels;
    }

    /** Whether some work goes to a GPU (always for {@code gpu}, above the size threshold for {@code auto}). */
    public boolean usesGpu() {
        return gpu;
    }

    /** For logs and the JMX view: e.g. {@code cuda: NVIDIA H100 80GB HBM3, driver 580.65.06}. */
    public String description() {
        return description;
    }

    @Override
    public String toString() {
        return description;
    }
}
