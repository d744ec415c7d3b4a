package io.jprune.agent.instrumentation.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * The native arrays jprune made for one model's pruned parameters (each {@code weight_orig * weight_mask}, made once
 * per change on the parameter's own manager and device): only these are closed when no generation holds them; the
 * app's own arrays never are.
 */
final class MadeArrays {
    private final Set<NDArray> made = Collections.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>()));

    /**
     * A new array holding {@code values} in the shape, data type, manager and device of {@code parameter}'s own,
     * whose memory libtorch owns, so that closing it frees it at once. (DJL's own {@code create} on the CPU makes an
     * array over a direct buffer, which only a garbage collection frees and which counts against the JVM's direct
     * memory limit; here that buffer is a copy's source, freed as soon as the copy exists.)
     */
    NDArray make(Parameter parameter, float[] values) {
        NDArray own = parameter.getArray();
        ByteBuffer source = ByteBuffer.allocateDirect(values.length * Float.BYTES).order(ByteOrder.nativeOrder());
        source.asFloatBuffer().put(values);
        NDArray array;
        try (NDArray view = own.getManager().create(source, own.getShape(), DataType.FLOAT32)) {
            array = view.getDevice().equals(own.getDevice()) ? view.duplicate() : view.toDevice(own.getDevice(), true);
        } finally {
            DirectBuffers.free(source);
        }
        made.add(array);
        return array;
    }

    /** Closes {@code value} if jprune made it; the app's own arrays are left alone. */
    void release(Object value) {
        if (value instanceof NDArray array && made.remove(array)) {
            array.close();
        }
    }

    /** Whether {@code value} is an array jprune made and has not closed. */
    boolean isMade(Object value) {
        return value instanceof NDArray array && made.contains(array);
    }
}
