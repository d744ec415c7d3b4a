package io.jprune.kernels.cuda;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.PrintWriter;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * Runs test classes without Maven: on the GPU machine of the device check (runtime/device-check; no JDK
 * tools there) and in the child JVMs that drive the emulated GPU. Prints one line per test and a summary; exits 1 if any test failed,
 * and 3 if none failed but one was skipped or none was found: wherever this runs, a skipped GPU test is a
 * check that was not made, and must not read as a pass.
 */
public final class JUnitMain {
    private JUnitMain() {
    }

    public static void main(String[] classNames) throws ClassNotFoundException {
        LauncherDiscoveryRequestBuilder request = LauncherDiscoveryRequestBuilder.request();
        for (String name : classNames) {
            request.selectors(selectClass(Class.forName(name)));
        }
        LauncherDiscoveryRequest built = request.build();
        Launcher launcher = LauncherFactory.create();
        SummaryGeneratingListener summary = new SummaryGeneratingListener();
        TestExecutionListener lines = new TestExecutionListener() {
            @Override
            public void executionSkipped(TestIdentifier test, String reason) {
                if (test.isTest()) {
                    System.out.println("SKIPPED " + test.getLegacyReportingName() + ": " + reason);
                }
            }

            @Override
            public void executionFinished(TestIdentifier test, TestExecutionResult result) {
                if (test.isTest()) {
                    String reason = result.getThrowable().map(t -> ": " + t).orElse("");
                    System.out.println(result.getStatus() + " " + test.getLegacyReportingName() + reason);
                }
            }
        };
        launcher.execute(built, summary, lines);
        TestExecutionSummary s = summary.getSummary();
        PrintWriter out = new PrintWriter(System.out, true);
        s.printFailuresTo(out, 30);
        System.out.println("jprune tests: " + s.getTestsFoundCount() + " found, " + s.getTestsSucceededCount()
                + " succeeded, " + s.getTestsFailedCount() + " failed, " + (s.getTestsSkippedCount()
                + s.getTestsAbortedCount()) + " skipped");
        long skipped = s.getTestsSkippedCount() + s.getTestsAbortedCount();
        System.exit(s.getTotalFailureCount() != 0 ? 1 : skipped != 0 || s.getTestsFoundCount() == 0 ? 3 : 0);
    }
}
