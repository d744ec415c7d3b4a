package io.jprune.agent.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * What the agent decides before the app's {@code main}: a backend asked for by name that cannot be had stops jprune
 * at start, with one line, and the app runs its course without it.
 */
class AgentStartIT {
    private static final Duration ONE_PASS = Duration.ofSeconds(120);

    @Test
    void backendGpuWithoutAGpuIsAnErrorAtStartAndTheAppRunsWithoutJprune() throws Exception {
        try (DemoApp app = DemoApp.start("backend=gpu", "--threads", "1", "--passes", "1")) {
            assertEquals(0, app.awaitExit(ONE_PASS), app.output());
            String output = app.output();
            Assumptions.assumeFalse(output.contains("[jprune] jprune ") && output.contains(" active ("),
                    "this machine has a usable GPU: " + output);
            assertTrue(output.contains("[jprune] could not start, jprune stays inactive: "
                    + "java.lang.IllegalStateException: jprune backend gpu was requested but CUDA is unavailable: "),
                    output);
            assertEquals(1, output.lines().filter(line -> line.contains("[jprune]")).count(), output);
            assertFalse(output.contains("found model"), output);
            assertTrue(output.contains("jprune-demo: final accuracy 98.40% (1968/2000) after 1 passes"), output);
        }
    }
}
