package io.jprune.runtime.diagnostics;

import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * jprune's only voice inside the host: one line per event on stderr, prefixed {@code [jprune]}, so that
 * a host's own logging configuration is never touched and jprune's lines are easy to grep away.
 *
 * <p>Failures on hot paths (a forward hook, an install) are reported once per cause, never once per
 * call: a broken hook in a service doing thousands of forwards a second must not flood its logs.
 */
public final class DiagnosticLog {

    /** How talkative jprune is; chosen once by the agent options. */
    public enum Level {
        /** Nothing at all, not even failures. */
        OFF,
        /** Models found, failures, anything a person running the app should know. */
        INFO,
        /** Also why a field was or was not taken as a parameter, shapes, installs. */
        DEBUG;

        /** Reads {@code off}, {@code info} or {@code debug}, as written in the agent options. */
        public static Level parse(String text) {
            for (Level level : values()) {
                if (level.name().toLowerCase(Locale.ROOT).equals(text)) {
                    return level;
                }
            }
            throw new IllegalArgumentException("log must be one of off, info, debug; got '" + text + "'");
        }
    }

    private static final int MAX_REMEMBERED_FAILURES = 256;
    private static final String TOO_MANY = "";
    private static final Set<String> REPORTED_FAILURES = ConcurrentHashMap.newKeySet();
    private static volatile Level level = Level.INFO;

    private DiagnosticLog() {
    }

    /** Sets the level for the whole JVM; the agent calls it once, before anything else logs. */
    public static void setLevel(Level newLevel) {
        level = newLevel;
    }

    /** The level in force, so that callers can skip building debug text nobody will read. */
    public static boolean isDebugEnabled() {
        return level == Level.DEBUG;
    }

    /** A line for the person running the app. */
    public static void info(String message) {
        if (level != Level.OFF) {
            System.err.println("[jprune] " + message);
        }
    }

    /** A line for someone finding out why jprune saw the app the way it did. */
    public static void debug(String message) {
        if (level == Level.DEBUG) {
            System.err.println("[jprune] debug: " + message);
        }
    }

    /**
     * Reports a failure the first time this cause is seen at this place; later occurrences are silent, so
     * that a failure inside a per-call hook costs the host one log line in total. The cause is the
     * throwable's class and the code that threw it, not its message, because messages often carry per-call
     * details (an index, a size) that would otherwise make every call a new cause. Never throws, even for a
     * throwable whose own {@code getMessage()} throws.
     *
     * @param where what jprune was doing, e.g. {@code forward hook}
     */
    public static void failureOnce(String where, Throwable failure) {
        if (level == Level.OFF) {
            return;
        }
        try {
            if (!firstTime(where + '|' + cause(failure))) {
                return;
            }
            System.err.println("[jprune] " + where + " failed (reported once; the app keeps its current weights): "
                    + describe(failure));
            if (level == Level.DEBUG) {
                failure.printStackTrace();
            }
        } catch (Throwable ignored) {
            // jprune's voice failing (a closed stderr, a stack overflow while printing) must not reach the host
        }
    }

    private static boolean firstTime(String key) {
        if (REPORTED_FAILURES.contains(key)) {
            return false;
        }
        if (REPORTED_FAILURES.size() >= MAX_REMEMBERED_FAILURES) {
            if (REPORTED_FAILURES.add(TOO_MANY)) {
                System.err.println("[jprune] more than " + MAX_REMEMBERED_FAILURES + " different failures; "
                        + "further ones are not reported");
            }
            return false;
        }
        return REPORTED_FAILURES.add(key);
    }

    /** The throwable's class and the frame that threw it, e.g. {@code java.lang.IllegalStateException@a.B.c:12}. */
    static String cause(Throwable failure) {
        StackTraceElement[] trace = failure.getStackTrace();
        return failure.getClass().getName() + '@' + (trace.length == 0 ? "?" : trace[0].toString());
    }

    private static String describe(Throwable failure) {
        try {
            return failure.toString();
        } catch (Throwable broken) {
            return failure.getClass().getName() + " (its message cannot be read: " + broken.getClass().getName() + ")";
        }
    }
}
