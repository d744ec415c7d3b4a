package io.jprune.runtime.record;

import io.jprune.runtime.diagnostics.DiagnosticLog;

/**
 * Writes {@link ModelChange}s as {@link ChangeEvent}s. A runtime image built without the {@code jdk.jfr} module
 * has no event classes: then recording is off, said once, and changes go on.
 */
final class FlightRecorderEvents {
    private static volatile boolean available = true;

    private FlightRecorderEvents() {
    }

    static void commit(ModelChange change) {
        if (!available) {
            return;
        }
        try {
            ChangeEvent event = new ChangeEvent();
            if (!event.isEnabled()) {
                return;
            }
            event.model = change.model();
            event.kind = change.kind().label();
            event.parameter = change.parameter();
            event.method = change.method();
            event.amount = change.amount();
            event.sparsityBefore = change.sparsityBefore();
            event.sparsityAfter = change.sparsityAfter();
            event.changeDuration = change.durationNanos();
            event.caller = change.caller();
            event.summary = change.summary();
            event.commit();
        } catch (LinkageError e) {
            available = false;
            DiagnosticLog.failureOnce("writing Flight Recorder events (no jdk.jfr module?); changes are not recorded", e);
        }
    }
}
