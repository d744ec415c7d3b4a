package io.jprune.runtime.structure;

/**
 * Output channel {@code channel} of layer {@code producer}: the unit that is removed, together with the
 * channels coupled to it, or not at all.
 */
public record ProducerChannel(String producer, int channel) {
    @Override
    public String toString() {
        return producer + "[" + channel + "]";
    }
}
