package io.jprune.agent.instrumentation.onnxruntime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** A replaced session is closed exactly once, and never while a run uses it. */
public class ReplacementTest {

    /** Stands for an {@code OrtSession}: all jprune calls on a replacement is {@code close()}. */
    public static final class Session {
        int closes;

        public void close() {
            closes++;
        }
    }

    @Test
    void anIdleReplacementIsClosedWhenRetired() {
        Session session = new Session();
        Replacement replacement = new Replacement(session);
        replacement.retire();
        replacement.retire();
        assertEquals(1, session.closes);
        assertFalse(replacement.acquire(), "no run starts on a retired session");
    }

    @Test
    void aReplacementInUseIsClosedByItsLastRun() {
        Session session = new Session();
        Replacement replacement = new Replacement(session);
        assertTrue(replacement.acquire());
        assertTrue(replacement.acquire());
        replacement.retire();
        assertEquals(0, session.closes, "two runs still use it");
        replacement.release();
        assertEquals(0, session.closes, "one run still uses it");
        replacement.release();
        assertEquals(1, session.closes);
    }
}
