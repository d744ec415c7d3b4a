package io.jprune.agent.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jprune.agent.e2e.DemoApp;
import io.jprune.agent.reliability.app.TornInferenceDriver;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * No torn inference: 8 app threads classify with one LeNet while random prunes, global prunes, removes and restores
 * arrive for 15 s, in the app's JVM with the real agent ({@link TornInferenceDriver} does the work and checks; see
 * there). Every output must be the output of exactly one applied state, with no exception, deadlock or lost update.
 * The longest forward with and without swaps is printed, not asserted.
 */
class TornInferenceIT {
    private static final String SECONDS = "15";
    private static final String THREADS = "8";

    @Test
    void everyForwardSeesExactlyOneAppliedStateWhileAConsolePrunesAtRandom() throws Exception {
        try (DemoApp driver = DemoApp.Launch.demo().agentOptions("modules=io.jprune.demo.*")
                .testApp(TornInferenceDriver.class).start(SECONDS, THREADS)) {
            int exit = driver.awaitExit(Duration.ofSeconds(180));
            String output = driver.output();
            output.lines().filter(line -> line.startsWith("torn-inference:")).forEach(System.out::println);
            assertEquals(0, exit, "the driver found problems:\n" + output);
        }
    }
}
