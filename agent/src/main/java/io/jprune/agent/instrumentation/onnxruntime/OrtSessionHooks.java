package io.jprune.agent.instrumentation.onnxruntime;

import io.jprune.runtime.diagnostics.DiagnosticLog;
import io.jprune.runtime.spi.ForwardObserver;

import java.lang.invoke.MethodHandle;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * The entry points the woven {@code OrtSession} calls ({@link OrtSessionWeaver}): public and static because the
 * calls live in ONNX Runtime's class, and they never let a failure of jprune reach the app. A session's creation
 * is recorded (its model and options); each {@code run} of a recorded session holds the model's gate from start to
 * end and goes to the session that holds the installed generation: the app's own, or a replacement jprune built.
 */
public final class OrtSessionHooks {
    /** The sessions created since jprune was installed, by identity and weakly: the app may drop them. */
    private static final Map<Object, SessionRecord> SESSIONS = Collections.synchronizedMap(new WeakHashMap<>());
    /** Set while this thread runs the app's own session through its own {@code run}: its body then runs. */
    private static final ThreadLocal<Boolean> OWN_BODY = new ThreadLocal<>();
    /** Set while jprune creates a session itself: that one is no app session. */
    private static final ThreadLocal<Boolean> OWN_CREATION = new ThreadLocal<>();
    /** The sessions jprune created itself, weakly: never taken for sessions created before jprune. */
    private static final Map<Object, Boolean> OWN_SESSIONS = Collections.synchronizedMap(new WeakHashMap<>());
    private static volatile ForwardObserver observer;
    private static volatile EarlierSessions earlier;

    /** Something that creates a session and may throw what ONNX Runtime throws. */
    @FunctionalInterface
    interface SessionCreation {
        Object create() throws Throwable;
    }

    private OrtSessionHooks() {
    }

    /**
     * Starts reporting runs to {@code runs}; a session created before this becomes a model at its first run when
     * {@code sessions} finds its model file.
     */
    static void observe(ForwardObserver runs, EarlierSessions sessions) {
        earlier = sessions;
        observer = runs;
    }

    /** Runs {@code creation} with the sessions it creates left out of the app's. */
    static Object creatingOwnSession(SessionCreation creation) throws Throwable {
        OWN_CREATION.set(Boolean.TRUE);
        try {
            return creation.create();
        } finally {
            OWN_CREATION.remove();
        }
    }

    /** An {@code OrtSession} constructor ended: remember where its model came from and its options. */
    public static void created(Object session, Object model, Object options) {
        if (OWN_CREATION.get() != null) {
            OWN_SESSIONS.put(session, Boolean.TRUE);
            return;
        }
        try {
            SESSIONS.put(session, new SessionRecord(session, ModelSource.of(model, session), options));
        } catch (Throwable t) {
            DiagnosticLog.failureOnce("recording a new ONNX Runtime session", t);
        }
    }

    /** A session the app created before jprune was installed, once its model is found; else {@code null}. */
    private static SessionRecord adopted(Object session) {
        EarlierSessions sessions = earlier;
        if (sessions == null || OWN_SESSIONS.containsKey(session)) {
            return null;
        }
        SessionRecord record = sessions.adopt(session);
        if (record != null) {
            SESSIONS.put(session, record);
        }
        return record;
    }

    /** The app closes {@code session}: the replacement jprune made for it, if any, is closed with it. */
    public static void closing(Object session) {
        try {
            SessionRecord record = SESSIONS.get(session);
            if (record != null) {
                record.appClosed();
            }
        } catch (Throwable t) {
            DiagnosticLog.failureOnce("closing the replacement of an ONNX Runtime session", t);
        }
    }

    /**
     * A {@code run} of {@code session} starts. Returns {@code null} to let the app's own body run (a session jprune
     * does not know, or the nested call this method makes itself), otherwise the result of the run on the session
     * holding the installed weights. What that run throws reaches the app unchanged, as its own run's would.
     */
    public static Object run(Object session, Object inputs, Object outputs, Object pinned, Object runOptions)
            throws Throwable {
        if (OWN_BODY.get() != null) {
            OWN_BODY.remove();
            return null;
        }
        SessionRecord record;
        SessionModel model;
        MethodHandle run;
        ForwardObserver runs = observer;
        try {
            record = runs == null ? null : SESSIONS.get(session);
            if (record == null && runs != null) {
                record = adopted(session);
            }
            model = record == null ? null : record.model();
            if (model == null) {
                return null;
            }
            run = OrtCalls.runOf(session.getClass());
            runs.enter(model, new Object[] {inputs});
        } catch (Throwable t) {
            DiagnosticLog.failureOnce("an ONNX Runtime run hook (enter)", t);
            return null;
        }
        try {
            record.dropModelIfIdle();
            Replacement replacement = record.acquireReplacement();
            if (replacement != null) {
                try {
                    return run.invoke(replacement.session(), inputs, outputs, pinned, runOptions);
                } finally {
                    replacement.release();
                }
            }
            OWN_BODY.set(Boolean.TRUE);
            try {
                return run.invoke(session, inputs, outputs, pinned, runOptions);
            } finally {
                OWN_BODY.remove();
            }
        } finally {
            try {
                runs.exit(model, null);
            } catch (Throwable t) {
                DiagnosticLog.failureOnce("an ONNX Runtime run hook (exit)", t);
            }
        }
    }
}
