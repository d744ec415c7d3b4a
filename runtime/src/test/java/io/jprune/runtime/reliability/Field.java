package io.jprune.runtime.reliability;

import io.jprune.runtime.model.ArrayHandle;
import io.jprune.runtime.tensor.Shape;

/**
 * A parameter in a plain field, as an adapter would expose one; subclasses break one step on purpose to play
 * a failure inside jprune.
 */
class Field extends ArrayHandle {
    Field(String name, Shape shape, float... values) {
        super(name, shape, values);
    }

    /** What the app's forward would read now. */
    float[] current() {
        return field();
    }
}
