package io.jprune.agent.instrumentation.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import io.jprune.runtime.spi.ParameterHandle;
import io.jprune.runtime.tensor.Shape;
import java.lang.ref.WeakReference;

/**
 * One float parameter of a DJL block as the engine sees it: the app's value is the parameter's own {@code NDArray}
 * (which {@code restore} gives back), and a pruned value is an array jprune made on the same device, read by the
 * layers through the {@code ParameterStore} hook; the parameter itself is never changed, so it changes only with a
 * whole generation, through {@link DjlInstaller}.
 */
final class DjlParameterHandle implements ParameterHandle {
    private final String name;
    private final String id;
    private final Shape shape;
    private final WeakReference<Parameter> parameter;
    private final MadeArrays made;

    DjlParameterHandle(String name, Parameter parameter, MadeArrays made) {
        this.name = name;
        this.id = parameter.getId();
        this.shape = shapeOf(parameter.getArray());
        this.parameter = new WeakReference<>(parameter);
        this.made = made;
    }

    private static Shape shapeOf(NDArray array) {
        long[] dims = array.getShape().getShape();
        int[] out = new int[dims.length];
        for (int d = 0; d < dims.length; d++) {
            out[d] = Math.toIntExact(dims[d]);
        }
        return Shape.of(out);
    }

    /** DJL's id of the parameter, by which the hook finds its installed value. */
    String id() {
        return id;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Shape shape() {
        return shape;
    }

    @Override
    public Object read() {
        Parameter p = parameter.get();
        return p == null ? null : p.getArray();
    }

    @Override
    public void write(Object appValue) {
        throw new UnsupportedOperationException(name + ": a DJL parameter's weights change only with a whole "
                + "generation, which its layers read through the ParameterStore");
    }

    @Override
    public float[] values(Object appValue) {
        return ((NDArray) appValue).toFloatArray();
    }

    @Override
    public Object toAppValue(float[] values) {
        Parameter p = parameter.get();
        if (p == null) {
            throw new IllegalStateException(name + ": the app no longer holds this DJL parameter");
        }
        return made.make(p, values);
    }
}
