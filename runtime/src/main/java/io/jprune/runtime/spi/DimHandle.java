package io.jprune.runtime.spi;

/**
 * An int field of a module that holds one dim of its weight ({@code outChannels}, {@code in_features}, ...).
 * The app's own loops run to these values, so compaction must shrink them together with the arrays (in the
 * same generation) for the app to do less work; restore puts the original values back.
 */
public interface DimHandle {

    /** The field's name as the app declares it, e.g. {@code outChannels}; people read it in reasons. */
    String name();

    /** Which dim of the module's weight the field holds: 0 for the output dim, 1 for the input dim. */
    int dim();

    /** The value the app holds now; meaningless once the module is gone (then 0). */
    int read();

    /** Puts a value into the app, where its next forward will read it. */
    void write(int value);
}
