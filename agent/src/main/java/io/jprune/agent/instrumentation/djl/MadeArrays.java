package io.jprune.agent.instrumentation.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
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

    /** A new array holding {@code values} in the shape, data type, manager and device of {@code parameter}'s own. */
    NDArray make(Parameter parameter, float[] values) {
        NDArray own = parameter.getArray();
        NDArray array = own.getManager().create(values, own.getShape());
        if (!array.getDevice().equals(own.getDevice())) {
            NDArray moved = array.toDevice(own.getDevice(), false);
            array.close();
            array = moved;
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
