package io.jprune.runtime.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jprune.kernels.cpu.CpuKernels;
import io.jprune.runtime.api.Pruner;
import io.jprune.runtime.prune.Amount;
import io.jprune.runtime.spi.ModuleNode;
import io.jprune.runtime.tensor.Shape;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An install that a forward hook performs (the change arrived while a forward ran) fails without harm: the
 * hook swallows the failure, the forward keeps the weights it had, the waiting call reports the failure, and
 * the model's gate keeps working, even when what failed was an {@link Error}.
 */
class InstallDuringForwardTest {
    private static final Duration FOREVER = Duration.ofMinutes(10);
    private final ExecutorService app = Executors.newSingleThreadExecutor();
    private final ExecutorService console = Executors.newSingleThreadExecutor();

    @AfterEach
    void stopThreads() {
        app.shutdownNow();
        console.shutdownNow();
    }

    /** A root with two weights; the second one's field throws {@code failure} once, on its first write. */
    private static final class Net {
        final Object root = new Object();
        final ArrayHandle first = new ArrayHandle("first", Shape.of(3), 1, 2, 3);
        final ArrayHandle second;
        final Model model;

        Net(Throwable failure) {
            second = new ArrayHandle("second", Shape.of(3), 4, 5, 6) {
                private boolean failed;

                @Override
                public synchronized void write(Object appValue) {
                    if (!failed) {
                        failed = true;
                        sneakyThrow(failure);
                    }
                    super.write(appValue);
                }
            };
            model = new Model("Net", root, new ModuleNode("", root, "Net", "Net", List.of(first, second), List.of()),
                    FOREVER);
        }
    }

    @Test
    void aRuntimeExceptionInTheForwardHooksInstallIsReportedToTheWaitingCall() throws Exception {
        failingInstallInAHookIsReportedAndHarmless(new IllegalStateException("rejected (played by the test)"));
    }

    @Test
    void anErrorInTheForwardHooksInstallDoesNotLeakTheGate() throws Exception {
        failingInstallInAHookIsReportedAndHarmless(new StackOverflowError("played by the test"));
    }

    private void failingInstallInAHookIsReportedAndHarmless(Throwable failure) throws Exception {
        Net net = new Net(failure);
        float[] first = net.first.field();
        float[] second = net.second.field();
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        Future<?> forward = app.submit(() -> {
            net.model.enterForward();
            try {
                entered.countDown();
                finish.await();
            } finally {
                net.model.exitForward(); // the last forward out installs: here, and here it fails
            }
            return null;
        });
        entered.await();
        Pruner pruner = new Pruner(net.model, new CpuKernels());
        Future<String> prune = console.submit(() -> pruner.globalUnstructured(List.of("first", "second"),
                new io.jprune.runtime.prune.L1Unstructured(Amount.count(2))));
        while (!net.model.isPruned()) {
            Thread.onSpinWait(); // published, and the console's call waits for the forward to install it
        }
        assertFalse(prune.isDone(), "the call waits for the forward in flight");
        finish.countDown();
        forward.get();

        ExecutionException reported = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                prune::get);
        assertEquals("installing the new weights into model Net failed (" + failure + "); the change is withdrawn "
                + "and the app keeps computing with its previous weights", reported.getCause().getMessage());
        assertSame(first, net.first.field(), "the field written before the failure was put back");
        assertSame(second, net.second.field());
        assertFalse(net.model.isPruned());
        assertTrue(net.model.isUpToDate());

        pruner.l1Unstructured("second", Amount.count(1), null);
        assertEquals(0f, net.second.field()[0], "the gate still works: an idle model is updated at once");
        net.model.enterForward();
        net.model.exitForward();
        assertFalse(net.model.hasWaitingThreads());
    }

    @SuppressWarnings("unchecked")
    private static <T extends Throwable> void sneakyThrow(Throwable t) throws T {
        throw (T) t;
    }
}
