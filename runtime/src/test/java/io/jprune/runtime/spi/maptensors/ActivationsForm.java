package io.jprune.runtime.spi.maptensors;

import io.jprune.runtime.spi.ActivationForm;

/** How the engine copies, reads and perturbs the map model's {@link Activation}s. */
final class ActivationsForm implements ActivationForm {

    @Override
    public String description() {
        return "Activation arguments";
    }

    @Override
    public boolean accepts(Object value) {
        return value instanceof Activation;
    }

    @Override
    public Object copy(Object value) {
        return new Activation(((Activation) value).toFloats());
    }

    @Override
    public long bytes(Object value) {
        return 4L * ((Activation) value).size();
    }

    @Override
    public float[] floats(Object value) {
        return value instanceof Activation activation ? activation.toFloats() : null;
    }

    @Override
    public void writeFloats(Object value, float[] values) {
        ((Activation) value).values.put(0, values);
    }

    @Override
    public Object fromFloats(float[] values) {
        return new Activation(values);
    }
}
