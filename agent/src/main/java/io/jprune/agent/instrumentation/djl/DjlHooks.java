package io.jprune.agent.instrumentation.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import io.jprune.runtime.diagnostics.DiagnosticLog;
import java.util.HashMap;
import java.util.Map;

/**
 * The entry point the woven {@code ParameterStore.getValue} calls ({@link ParameterStoreWeaver}): public and static
 * because the call lives in DJL's class, and it never lets a failure of jprune reach the app. It holds the masked
 * weights installed for pruned parameters, by parameter id, in one immutable map replaced as a whole at each
 * installation, so that a forward (which holds its model's gate) reads one generation, and a layer reading a weight
 * costs one volatile read while nothing is pruned.
 */
public final class DjlHooks {
    private static volatile Map<String, NDArray> installed = Map.of();
    private static volatile boolean deviceMismatchTold;

    private DjlHooks() {
    }

    /**
     * {@code getValue} of {@code parameter} is about to return {@code returned}: the masked weight jprune installed
     * for that parameter instead, when there is one on the same device; otherwise {@code returned} unchanged.
     */
    public static Object value(Object returned, Object parameter) {
        Map<String, NDArray> now = installed;
        if (now.isEmpty() || parameter == null) {
            return returned;
        }
        try {
            NDArray masked = now.get(((Parameter) parameter).getId());
            if (masked == null) {
                return returned;
            }
            if (returned instanceof NDArray found && !found.getDevice().equals(masked.getDevice())) {
                if (!deviceMismatchTold) {
                    deviceMismatchTold = true;
                    DiagnosticLog.info("DJL read " + ((Parameter) parameter).getName() + " on " + found.getDevice()
                            + ", its pruned value lives on " + masked.getDevice() + ": such reads stay unpruned");
                }
                return returned;
            }
            return masked;
        } catch (Throwable t) {
            DiagnosticLog.failureOnce("the DJL parameter hook", t);
            return returned;
        }
    }

    /**
     * Applies one installation's changes at once: each id mapped to its masked weight, or dropped (the parameter
     * reads its own array again) where the value is {@code null}. Called with no forward of the model running.
     */
    static synchronized void install(Map<String, NDArray> changes) {
        Map<String, NDArray> next = new HashMap<>(installed);
        changes.forEach((id, masked) -> {
            if (masked == null) {
                next.remove(id);
            } else {
                next.put(id, masked);
            }
        });
        installed = Map.copyOf(next);
    }

    /** The masked weight installed for the parameter with this id, or {@code null}. */
    static NDArray installed(String id) {
        return installed.get(id);
    }
}
