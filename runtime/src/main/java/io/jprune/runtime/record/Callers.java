package io.jprune.runtime.record;

import java.rmi.server.RemoteServer;
import java.rmi.server.ServerNotActiveException;
import java.util.function.Supplier;

/**
 * Who is calling jprune on this thread, for the record of a change: a name set by jprune's own code for the
 * duration of a call (e.g. {@code cli}), else the JMX connection an RMI call arrived on
 * ({@code jmx rmi://127.0.0.1 connection 5}: the client's host and the server's number for that connection),
 * else {@code in-process}.
 */
public final class Callers {
    private static final ThreadLocal<String> NAMED = new ThreadLocal<>();

    private Callers() {
    }

    /** The caller of the current call on this thread. */
    public static String current() {
        String named = NAMED.get();
        if (named != null) {
            return named;
        }
        try {
            return "jmx rmi://" + RemoteServer.getClientHost() + connectionNumber(Thread.currentThread().getName());
        } catch (ServerNotActiveException | LinkageError e) {
            return "in-process";
        }
    }

    /** Runs {@code body} recorded as called by {@code caller}. */
    public static <T> T as(String caller, Supplier<T> body) {
        String outer = NAMED.get();
        NAMED.set(caller);
        try {
            return body.get();
        } finally {
            if (outer == null) {
                NAMED.remove();
            } else {
                NAMED.set(outer);
            }
        }
    }

    /** {@code " connection 5"} from the RMI server's thread name {@code RMI TCP Connection(5)-127.0.0.1}. */
    static String connectionNumber(String threadName) {
        int open = threadName.indexOf("Connection(");
        int close = threadName.indexOf(')', open + 1);
        if (open < 0 || close < 0) {
            return "";
        }
        return " connection " + threadName.substring(open + "Connection(".length(), close);
    }
}
