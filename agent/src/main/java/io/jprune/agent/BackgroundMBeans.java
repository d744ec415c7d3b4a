package io.jprune.agent;

import io.jprune.runtime.diagnostics.DiagnosticLog;
import io.jprune.runtime.jmx.AgentBean;
import io.jprune.runtime.jmx.MBeanPublisher;
import io.jprune.runtime.model.Model;
import io.jprune.runtime.model.ModelRegistry;
import java.lang.management.ManagementFactory;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javax.management.MBeanServer;

/**
 * jprune's MBeans, the platform MBean server got on a daemon thread while the app starts: its creation (every
 * platform MXBean, the diagnostic commands, {@code java.util.logging}) costs a cold JVM over a hundred
 * milliseconds, which the app's own start now covers instead of waiting for. Once the agent has started
 * ({@link #publish}), the same thread registers {@code io.jprune:type=Agent}.
 *
 * <p>A model's MBean is registered as before: by the forward that found the model, before that forward goes on,
 * so that the app sees it as soon as its first forward returns. That forward waits for the Agent MBean first,
 * which keeps the Agent MBean the first one and costs the app only what of the background work its own start
 * has not covered.
 */
final class BackgroundMBeans implements ModelRegistry.Listener {
    /** Longer than the background work ever takes; a forward is never held longer than this, whatever happens. */
    private static final long PATIENCE_SECONDS = 30;

    private final BackendChoice backend;
    private final Supplier<MBeanServer> server;
    private final long created = System.nanoTime();
    private final CountDownLatch started = new CountDownLatch(1);
    private final CountDownLatch agentDone = new CountDownLatch(1);
    private volatile AgentBean agent;
    private volatile Runnable afterAgent;
    private volatile boolean abandoned;
    /** Set once the Agent MBean is done; stays {@code null} when there is no MBean server or jprune did not start. */
    private volatile MBeanPublisher publisher;

    /** @param backend where the models' masks are computed */
    BackgroundMBeans(BackendChoice backend) {
        this(backend, ManagementFactory::getPlatformMBeanServer);
    }

    /**
     * @param backend where the models' masks are computed
     * @param server  the MBean server, asked for on the background thread
     */
    BackgroundMBeans(BackendChoice backend, Supplier<MBeanServer> server) {
        this.backend = backend;
        this.server = server;
    }

    /** Starts getting the MBean server; nothing is registered before {@link #publish}. */
    void prepare() {
        Thread thread = new Thread(this::registerAgent, "jprune-jmx");
        thread.setDaemon(true);
        thread.setContextClassLoader(null);
        thread.start();
    }

    /**
     * The agent has started: registers {@code agentBean}, then runs {@code afterwards}, also when the registration
     * failed (which is logged), but not when there is no MBean server to register with.
     */
    void publish(AgentBean agentBean, Runnable afterwards) {
        agent = agentBean;
        afterAgent = afterwards;
        started.countDown();
    }

    /** The agent failed to start: nothing is registered, and no forward waits for an Agent MBean. */
    void abandon() {
        abandoned = true;
        started.countDown();
    }

    private void registerAgent() {
        try {
            MBeanServer mbeans = server.get();
            took("MBean server ready");
            started.await();
            if (abandoned) {
                return;
            }
            try {
                MBeanPublisher ready = new MBeanPublisher(mbeans, backend.kernels());
                ready.publishAgent(agent);
                publisher = ready;
                took("Agent MBean registered");
            } finally {
                afterAgent.run();
            }
        } catch (Throwable t) {
            DiagnosticLog.failureOnce("registering MBean " + MBeanPublisher.AGENT_OBJECT_NAME, t);
        } finally {
            agentDone.countDown();
        }
    }

    @Override
    public void modelRegistered(Model model) {
        MBeanPublisher ready = afterAgent();
        if (ready != null) {
            ready.modelRegistered(model);
            took("MBean of model " + model.name() + " registered");
        }
    }

    @Override
    public void modelUnregistered(Model model) {
        MBeanPublisher ready = afterAgent();
        if (ready != null) {
            ready.modelUnregistered(model);
        }
    }

    /**
     * Waits for the Agent MBean, also when the waiting thread is interrupted (the interrupt is kept for the app,
     * whose forward is waiting here): the publisher for the models, or {@code null} when there is none.
     */
    private MBeanPublisher afterAgent() {
        if (abandoned) {
            return null;
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(PATIENCE_SECONDS);
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    if (agentDone.await(deadline - System.nanoTime(), TimeUnit.NANOSECONDS)) {
                        return publisher;
                    }
                    DiagnosticLog.info("the Agent MBean is still not registered after " + PATIENCE_SECONDS
                            + " s; models go without MBeans until it is");
                    return null;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Start-up timing for someone finding out where an app's start went: {@code log=debug}. */
    private void took(String step) {
        if (DiagnosticLog.isDebugEnabled()) {
            DiagnosticLog.debug(step + " " + (System.nanoTime() - created) / 1_000_000 + " ms after the agent began");
        }
    }
}
