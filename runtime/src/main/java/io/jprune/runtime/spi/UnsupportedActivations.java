package io.jprune.runtime.spi;

/** {@link ActivationForm#unsupported(String)}: accepts nothing, so capture, replay and structure say why. */
record UnsupportedActivations(String reason) implements ActivationForm {

    @Override
    public String description() {
        return "what its adapter can copy, and it can copy none (" + reason + ")";
    }

    @Override
    public boolean accepts(Object value) {
        return false;
    }

    @Override
    public Object copy(Object value) {
        throw new UnsupportedOperationException(reason);
    }

    @Override
    public long bytes(Object value) {
        throw new UnsupportedOperationException(reason);
    }

    @Override
    public float[] floats(Object value) {
        throw new UnsupportedOperationException(reason);
    }

    @Override
    public void writeFloats(Object value, float[] values) {
        throw new UnsupportedOperationException(reason);
    }
}
