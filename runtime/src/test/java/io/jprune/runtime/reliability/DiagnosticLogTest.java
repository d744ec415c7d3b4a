package io.jprune.runtime.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jprune.runtime.diagnostics.DiagnosticLog;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** jprune's log costs a host one line per cause, however often a hook fails, and never throws itself. */
class DiagnosticLogTest {
    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
    private PrintStream stderr;

    @BeforeEach
    void captureStderr() {
        stderr = System.err;
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restoreStderr() {
        System.setErr(stderr);
    }

    /** The lines about this test's failures: the cleaner thread of other tests may log too. */
    private List<String> lines() {
        return Arrays.stream(captured.toString(StandardCharsets.UTF_8).split("\n"))
                .filter(line -> line.contains("(test ")).toList();
    }

    @Test
    void aHookFailingOnEveryCallWithADifferentMessageIsReportedOnce() {
        for (int call = 0; call < 10_000; call++) {
            DiagnosticLog.failureOnce("forward hook (test once per cause)", failure(call));
        }
        assertEquals(List.of("[jprune] forward hook (test once per cause) failed (reported once; the app keeps its "
                + "current weights): java.lang.ArrayIndexOutOfBoundsException: Index 0 out of bounds for length 0"),
                lines());
    }

    @Test
    void aDifferentCauseAtTheSamePlaceIsReportedToo() {
        for (int call = 0; call < 3; call++) {
            DiagnosticLog.failureOnce("forward hook (test two causes)", failure(call));
            DiagnosticLog.failureOnce("forward hook (test two causes)", otherFailure(call));
        }
        assertEquals(2, lines().size(), lines().toString());
    }

    @Test
    void aThrowableWhoseMessageThrowsIsReportedByItsClass() {
        RuntimeException hostile = new RuntimeException() {
            @Override
            public String getMessage() {
                throw new IllegalStateException("no message for you");
            }
        };
        DiagnosticLog.failureOnce("forward hook (test hostile throwable)", hostile);
        List<String> lines = lines();
        assertEquals(1, lines.size(), lines.toString());
        assertTrue(lines.get(0).contains("its message cannot be read"), lines.get(0));
    }

    /** A failure created at one place, its message changing with the call as an index in a message does. */
    private static RuntimeException failure(int call) {
        return new ArrayIndexOutOfBoundsException("Index " + call + " out of bounds for length 0");
    }

    private static RuntimeException otherFailure(int call) {
        return new IllegalStateException("other failure " + call);
    }
}
