package io.jprune.agent.instrumentation.onnxruntime;

import io.jprune.runtime.diagnostics.DiagnosticLog;

/**
 * A session jprune built with a generation's weights, and the runs using it. It is closed once it is retired (a
 * newer generation or the app's own session took over, or the app closed its session) and no run uses it any more:
 * the model's gate already keeps installs and runs apart, and this count keeps a run that started outside the gate
 * (one nested in another model's forward) from ever running on a closed session.
 */
final class Replacement {
    private final Object session;
    private int users;
    private boolean retired;
    private boolean closed;

    Replacement(Object session) {
        this.session = session;
    }

    /** The session to run; only between a successful {@link #acquire()} and its {@link #release()}. */
    Object session() {
        return session;
    }

    /** Starts a run on this session; {@code false} once it is retired (the caller looks for the current one). */
    synchronized boolean acquire() {
        if (retired) {
            return false;
        }
        users++;
        return true;
    }

    /** Ends a run that {@link #acquire()} started; the last run on a retired session closes it. */
    void release() {
        boolean close;
        synchronized (this) {
            users--;
            close = retired && users == 0 && !closed;
            closed |= close;
        }
        if (close) {
            closeQuietly();
        }
    }

    /** No new run may start on this session; it is closed now if none runs, else by the last one. */
    void retire() {
        boolean close;
        synchronized (this) {
            retired = true;
            close = users == 0 && !closed;
            closed |= close;
        }
        if (close) {
            closeQuietly();
        }
    }

    private void closeQuietly() {
        try {
            OrtCalls.close(session);
        } catch (Throwable t) {
            DiagnosticLog.failureOnce("closing a replaced ONNX session", t);
        }
    }
}
