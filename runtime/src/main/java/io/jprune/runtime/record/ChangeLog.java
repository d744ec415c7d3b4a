package io.jprune.runtime.record;

import io.jprune.runtime.diagnostics.DiagnosticLog;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Where one model's changes are recorded: each goes to the Flight Recorder and to every listener (the model's
 * MBean, which sends it as a JMX notification). A listener that throws is logged once and never reaches the
 * caller, whose change has already happened.
 */
public final class ChangeLog {
    private final List<Consumer<ModelChange>> listeners = new CopyOnWriteArrayList<>();

    /** Adds a listener called, on the changing thread, after every recorded change. */
    public void subscribe(Consumer<ModelChange> listener) {
        listeners.add(listener);
    }

    /** Removes a listener added by {@link #subscribe}. */
    public void unsubscribe(Consumer<ModelChange> listener) {
        listeners.remove(listener);
    }

    /** Records one change that has happened. */
    public void record(ModelChange change) {
        FlightRecorderEvents.commit(change);
        for (Consumer<ModelChange> listener : listeners) {
            try {
                listener.accept(change);
            } catch (RuntimeException | LinkageError e) {
                DiagnosticLog.failureOnce("telling a listener about a change of model " + change.model(), e);
            }
        }
    }
}
