package io.jprune.runtime.structure;

import java.util.Objects;

/**
 * "Add {@code delta} to output channel {@code channel} of module {@code module}": the probe that shows which
 * downstream inputs that channel feeds. Outputs are taken as {@code [channels, rest]} row-major, the layout
 * of a conv's {@code [out, h, w]} and of a linear's {@code [out]}, so channel c is the c-th of
 * {@code channels} equal runs. A large positive delta survives ReLU and max-pooling, so the change reaches
 * the next layer through the app's functional code.
 */
public final class ChannelPerturbation {
    private final String module;
    private final int channels;
    private final int channel;
    private final float delta;

    /**
     * @param module   qualified name of the module whose output is changed
     * @param channels its output channel count (dim 0 of its weight)
     * @param channel  the channel to change, {@code 0 <= channel < channels}
     * @param delta    the finite value added to every element of that channel
     */
    public ChannelPerturbation(String module, int channels, int channel, float delta) {
        this.module = Objects.requireNonNull(module, "module");
        if (channels <= 0 || channel < 0 || channel >= channels) {
            throw new IllegalArgumentException("channel " + channel + " of " + channels + " does not exist");
        }
        if (!Float.isFinite(delta)) {
            throw new IllegalArgumentException("delta must be finite, got " + delta);
        }
        this.channels = channels;
        this.channel = channel;
        this.delta = delta;
    }

    /** The module whose output is changed. */
    public String module() {
        return module;
    }

    /** The module's output channel count. */
    public int channels() {
        return channels;
    }

    /** The changed channel. */
    public int channel() {
        return channel;
    }

    /** The value added. */
    public float delta() {
        return delta;
    }

    /** Whether this perturbation is meant for forwards of {@code moduleName}. */
    public boolean appliesTo(String moduleName) {
        return module.equals(moduleName);
    }

    /**
     * Adds {@link #delta()} in place to the channel's run of a forward's output. Defined here, once, so that
     * every tracer lays channels out exactly as the analysis reads them.
     *
     * @throws IllegalArgumentException if the output does not split into {@code channels} equal runs
     */
    public void applyTo(float[] output) {
        if (output.length % channels != 0) {
            throw new IllegalArgumentException("output of " + module + " has " + output.length
                    + " values, which do not split into " + channels + " channels");
        }
        int run = output.length / channels;
        for (int i = channel * run, end = i + run; i < end; i++) {
            output[i] += delta;
        }
    }

    @Override
    public String toString() {
        return module + "[channel " + channel + " of " + channels + "] += " + delta;
    }
}
