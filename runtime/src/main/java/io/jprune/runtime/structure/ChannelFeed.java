package io.jprune.runtime.structure;

import java.util.Objects;

/**
 * How one layer's output channels reach another layer's input, as the traces showed it: producer channel c
 * feeds consumer input channels {@code inputsOf(c)} (dim 1 of the consumer's weight), and nothing else of
 * the consumer. Conv to conv: {@code {c}}; conv to flatten to linear: the {@code h*w} features of c's plane.
 */
public final class ChannelFeed {
    private final String producer;
    private final String consumer;
    private final int[][] inputs;

    ChannelFeed(String producer, String consumer, int[][] inputs) {
        this.producer = Objects.requireNonNull(producer, "producer");
        this.consumer = Objects.requireNonNull(consumer, "consumer");
        this.inputs = inputs;
    }

    /** The layer whose output channels are fed onward. */
    public String producer() {
        return producer;
    }

    /** The layer that takes them as input. */
    public String consumer() {
        return consumer;
    }

    /** The producer's output channel count. */
    public int channels() {
        return inputs.length;
    }

    /** The consumer's input channels fed by producer channel {@code channel}, ascending (a copy). */
    public int[] inputsOf(int channel) {
        return inputs[channel].clone();
    }

    int[] inputsView(int channel) {
        return inputs[channel];
    }

    @Override
    public String toString() {
        return producer + " -> " + consumer + " (" + inputs.length + " channels, " + inputs[0].length
                + " input channel" + (inputs[0].length == 1 ? "" : "s") + " each)";
    }
}
