package io.jprune.agent.instrumentation.onnxruntime;

/**
 * The object jprune's engine knows an app's session by, instead of the session itself: the engine holds it weakly,
 * and only the session's record holds it strongly, so that when the app closes its session the record lets go of
 * it and the model unregisters, even while the app still holds the closed session.
 */
final class SessionModel {
    private final SessionRecord record;

    SessionModel(SessionRecord record) {
        this.record = record;
    }

    /** What jprune knows of the session. */
    SessionRecord record() {
        return record;
    }

    @Override
    public String toString() {
        return "ONNX Runtime session " + record.modelName();
    }
}
