package io.jprune.agent.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jprune.agent.e2e.DemoApp;
import io.jprune.agent.reliability.app.LeakDriver;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * No leaks, in the app's JVM with the real agent ({@link LeakDriver} does the work and checks): 1,000 prune/restore
 * cycles of the running model leave the heap after a full GC less than 2 MB above where it was, and a pruned model
 * the app drops is collected and its MBean unregistered. Soft references are cleared at every GC, so that caches
 * the JDK keeps softly do not blur the comparison.
 */
class LeakIT {
    private static final String CYCLES = "1000";
    private static final String MAX_GROWTH_BYTES = Long.toString(2_000_000);

    @Test
    void pruningAndRestoringAThousandTimesDoesNotGrowTheHeapAndADroppedModelIsCollected() throws Exception {
        try (DemoApp driver = DemoApp.Launch.demo().agentOptions("modules=io.jprune.demo.*")
                .jvmArgs("-XX:+UseSerialGC", "-XX:SoftRefLRUPolicyMSPerMB=0").testApp(LeakDriver.class).start(CYCLES, MAX_GROWTH_BYTES)) {
            int exit = driver.awaitExit(Duration.ofSeconds(240));
            String output = driver.output();
            output.lines().filter(line -> line.startsWith("leaks:")).forEach(System.out::println);
            assertEquals(0, exit, "the driver found problems:\n" + output);
        }
    }
}
