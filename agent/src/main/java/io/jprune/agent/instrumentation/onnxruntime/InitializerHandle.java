package io.jprune.agent.instrumentation.onnxruntime;

import io.jprune.runtime.spi.ParameterHandle;
import io.jprune.runtime.tensor.Shape;

/**
 * One parameter of an ONNX session as the engine sees it. Its value changes only with a whole generation, through
 * {@link SessionInstaller}, which rebuilds the session once from all of them.
 */
final class InitializerHandle implements ParameterHandle {
    private final SessionRecord session;
    private final OnnxParameter parameter;
    /** The parameter in this handle's shape: after compaction, smaller than {@link #parameter}. */
    private final OnnxParameter shaped;

    InitializerHandle(SessionRecord session, OnnxParameter parameter) {
        this(session, parameter, parameter);
    }

    private InitializerHandle(SessionRecord session, OnnxParameter parameter, OnnxParameter shaped) {
        this.session = session;
        this.parameter = parameter;
        this.shaped = shaped;
    }

    /** The initializer this handle stands for, as the model declares it. */
    OnnxParameter parameter() {
        return parameter;
    }

    @Override
    public boolean canReshape() {
        return true;
    }

    @Override
    public ParameterHandle reshaped(Shape newShape) {
        return new InitializerHandle(session, parameter, parameter.withShape(newShape));
    }

    @Override
    public String name() {
        return parameter.name();
    }

    @Override
    public Shape shape() {
        return shaped.shape();
    }

    @Override
    public Object read() {
        return session.installed(parameter);
    }

    @Override
    public void write(Object appValue) {
        throw new UnsupportedOperationException(parameter.qualifiedName()
                + ": an ONNX session's weights change only as a whole, when jprune rebuilds it");
    }

    @Override
    public float[] values(Object appValue) {
        return ((OnnxWeight) appValue).values();
    }

    @Override
    public Object toAppValue(float[] values) {
        return shaped == parameter ? OnnxWeight.computed(session, parameter, values)
                : OnnxWeight.compacted(shaped, values);
    }
}
