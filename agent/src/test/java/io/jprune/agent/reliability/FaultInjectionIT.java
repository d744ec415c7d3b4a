package io.jprune.agent.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jprune.agent.e2e.DemoApp;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Failures inside jprune, injected into the running demo service through the test-only seam
 * {@code -Djprune.faults=...}: an exception in the forward hook while it installs new weights, an
 * {@link OutOfMemoryError} while making a masked copy, a kernel failing on the third parameter of a global prune.
 * Each time the JMX call that caused it reports the failure in words, every tensor of the model is as before, the
 * service keeps classifying exactly as before (the same number of correct digits in a pass started after the
 * failure, no errors), and the same call succeeds once the fault is gone (each fault fires once).
 */
class FaultInjectionIT {
    private static final String[] THREE_LAYERS = {"conv1.weight", "conv2.weight", "fc1.weight"};
    private static final String INSTALL_FAILED_LOG = "[jprune] installing pruned weights into model LeNet failed";

    @Test
    void anExceptionInTheForwardHookWhileInstallingIsReportedAndTheAppKeepsItsWeights() throws Exception {
        try (DemoApp app = DemoApp.Launch.demo().jvmArgs("-Djprune.faults=hook")
                .start("--threads", "2", "--report-ms", "60000")) {
            RunningDemo demo = RunningDemo.connect(app, "LeNet");
            String error = failsAndChangesNothing(demo, "installing the new weights into model LeNet failed "
                    + "(java.lang.IllegalStateException: injected fault (jprune.faults=hook) after writing ",
                    "; the change is withdrawn and the app keeps computing with its previous weights");
            assertTrue(error.contains(".weight of model LeNet)"), error);
            recovers(demo);
            assertEquals(1, app.output().lines().filter(line -> line.startsWith(INSTALL_FAILED_LOG)).count(),
                    "the hook's failure is logged once:\n" + app.output());
        }
    }

    @Test
    void anOutOfMemoryErrorWhileMakingAMaskedCopyIsReportedAndTheAppKeepsItsWeights() throws Exception {
        try (DemoApp app = DemoApp.Launch.demo().jvmArgs("-Djprune.faults=masked-copy-oom")
                .start("--threads", "2", "--report-ms", "60000")) {
            RunningDemo demo = RunningDemo.connect(app, "LeNet");
            String error = failsAndChangesNothing(demo, "not enough memory for pruning conv1.weight (54 values, 216 "
                    + "bytes per copy): java.lang.OutOfMemoryError: Java heap space (injected fault "
                    + "jprune.faults=masked-copy-oom, masked copy of conv1.weight, 54 values)",
                    "; the model is unchanged and the app keeps its current weights");
            assertEquals("IllegalStateException: not enough memory for pruning conv1.weight (54 values, 216 bytes per "
                    + "copy): java.lang.OutOfMemoryError: Java heap space (injected fault jprune.faults=masked-copy-oom, "
                    + "masked copy of conv1.weight, 54 values); the model is unchanged and the app keeps its current "
                    + "weights", error);
            recovers(demo);
        }
    }

    @Test
    void aKernelFailingOnTheThirdParameterOfAGlobalPruneLeavesTheFirstTwoAsTheyWere() throws Exception {
        try (DemoApp app = DemoApp.Launch.demo().jvmArgs("-Djprune.faults=kernel@3")
                .start("--threads", "2", "--report-ms", "60000")) {
            RunningDemo demo = RunningDemo.connect(app, "LeNet");
            String error = failsAndChangesNothing(demo, "pruning fc1.weight failed on cpu (",
                    "; the model is unchanged and the app keeps its current weights");
            assertTrue(error.contains("java.lang.IllegalStateException: injected fault (jprune.faults=kernel): "
                    + "maskedMultiply of 48000 values failed"), error);
            recovers(demo);
        }
    }

    /**
     * Prunes conv1, conv2 and fc1 together with the fault armed: the call must fail with a message that starts
     * and ends as given, and change nothing the console or the app can see.
     */
    private static String failsAndChangesNothing(RunningDemo demo, String messageStart, String messageEnd)
            throws Exception {
        int correctBefore = demo.correctOfAPassStartedAfter(0);
        ModelSnapshot before = demo.snapshot();

        String error = demo.model.error("globalUnstructured", THREE_LAYERS, "l1", "0.5", 0L);
        long afterFailure = System.currentTimeMillis();

        assertTrue(error.startsWith("IllegalStateException: " + messageStart), error);
        assertTrue(error.endsWith(messageEnd), error);
        assertNull(before.differenceFrom(demo.snapshot()), "every tensor of the model is as before");
        assertEquals(Boolean.FALSE, demo.model.attribute("Pruned"));
        assertEquals(correctBefore, demo.correctOfAPassStartedAfter(afterFailure),
                "the app classifies exactly as before the failed call");
        assertEquals(0L, demo.errors(), "the app's own inference never failed");
        System.out.printf("fault reported as: %s%n  the demo still classifies %d of 2000 digits correctly%n", error,
                correctBefore);
        return error;
    }

    /** The fault fired once: the same prune now works, and restore brings every tensor back bit for bit. */
    private static void recovers(RunningDemo demo) throws Exception {
        ModelSnapshot unpruned = demo.snapshot();
        int correctUnpruned = demo.correctOfAPassStartedAfter(0);
        String summary = demo.model.string("globalUnstructured", THREE_LAYERS, "l1", "0.5", 0L);
        assertTrue(summary.contains(" over 3 parameters -> 24459 of 48918 pruned (50.0%)"), summary);
        assertEquals(List.of("conv1.weight_mask", "conv2.weight_mask", "fc1.weight_mask"),
                demo.model.names("namedBuffers", ""));
        assertEquals("LeNet: restored 3 parameters: conv1.weight, conv2.weight, fc1.weight",
                demo.model.string("restore"));
        assertNull(unpruned.differenceFrom(demo.snapshot()), "restore gives every tensor back bit for bit");
        assertEquals(correctUnpruned, demo.correctOfAPassStartedAfter(System.currentTimeMillis()));
        assertEquals(0L, demo.errors());
    }
}
