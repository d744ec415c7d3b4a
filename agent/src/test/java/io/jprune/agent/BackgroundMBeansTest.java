package io.jprune.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jprune.agent.instrumentation.plain.PlainModuleDiscovery;
import io.jprune.agent.instrumentation.plain.PlainOptions;
import io.jprune.kernels.cpu.CpuKernels;
import io.jprune.runtime.jmx.AgentBean;
import io.jprune.runtime.jmx.MBeanPublisher;
import io.jprune.runtime.model.Model;
import io.jprune.runtime.model.ModelRegistry;
import io.jprune.testmodels.Dense;
import java.lang.ref.Reference;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import javax.management.MBeanServer;
import javax.management.MBeanServerDelegate;
import javax.management.MBeanServerFactory;
import javax.management.MBeanServerNotification;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;

/**
 * The Agent MBean registered from the background thread once the agent has started, and each model's MBean
 * registered by the forward that found the model, before that forward goes on, and never before the Agent MBean.
 */
class BackgroundMBeansTest {
    private static final long PATIENCE_SECONDS = 30;
    private static final BackendChoice CPU = new BackendChoice(new CpuKernels(), "cpu: requested");

    private final MBeanServer server = MBeanServerFactory.newMBeanServer();
    private final List<String> registrations = Collections.synchronizedList(new ArrayList<>());
    private final BackgroundMBeans mbeans = new BackgroundMBeans(CPU, () -> server);
    private final ModelRegistry registry = new ModelRegistry(mbeans);
    private final PlainModuleDiscovery discovery = new PlainModuleDiscovery(
            AgentOptions.parse("modules=io.jprune.testmodels.*").configuration(PlainOptions.class), null);
    private final CountDownLatch afterwards = new CountDownLatch(1);

    BackgroundMBeansTest() throws Exception {
        server.addNotificationListener(MBeanServerDelegate.DELEGATE_NAME, (notification, handback) -> {
            if (MBeanServerNotification.REGISTRATION_NOTIFICATION.equals(notification.getType())) {
                registrations.add(((MBeanServerNotification) notification).getMBeanName().toString());
            }
        }, null, null);
    }

    @Test
    void aModelFoundBeforeTheAgentMBeanWaitsForItAndIsRegisteredWhenItsForwardGoesOn() throws Exception {
        mbeans.prepare();
        Dense first = new Dense(2, 2);
        AtomicReference<List<String>> seenByTheForward = new AtomicReference<>();
        Thread app = new Thread(() -> {
            registry.rootModel(first, discovery);
            seenByTheForward.set(List.copyOf(registrations));
        });
        app.start();
        mbeans.publish(agent(), afterwards::countDown);
        app.join(TimeUnit.SECONDS.toMillis(PATIENCE_SECONDS));
        assertFalse(app.isAlive());

        assertEquals(List.of(MBeanPublisher.AGENT_OBJECT_NAME, "io.jprune:type=Model,name=Dense"),
                seenByTheForward.get());
        Dense second = new Dense(3, 1);
        registry.rootModel(second, discovery);
        assertTrue(server.isRegistered(MBeanPublisher.modelObjectName("Dense#2")), "registered before it returns");
        assertEquals(List.of("Dense", "Dense#2"), List.of((String[]) server.getAttribute(agentName(), "Models")));
        assertEquals("cpu: requested", server.getAttribute(agentName(), "Backend"));
        assertTrue(afterwards.await(PATIENCE_SECONDS, TimeUnit.SECONDS));
        Reference.reachabilityFence(first);
        Reference.reachabilityFence(second);
    }

    @Test
    void aModelThatGoesAwayLosesItsMBean() throws Exception {
        mbeans.prepare();
        mbeans.publish(agent(), afterwards::countDown);
        Dense dense = new Dense(2, 2);
        Model model = registry.rootModel(dense, discovery);
        assertTrue(server.isRegistered(MBeanPublisher.modelObjectName("Dense")));
        mbeans.modelUnregistered(model);
        assertFalse(server.isRegistered(MBeanPublisher.modelObjectName("Dense")));
        Reference.reachabilityFence(dense);
    }

    @Test
    void anAgentThatFailedToStartRegistersNothingAndHoldsNoForward() throws Exception {
        mbeans.prepare();
        mbeans.abandon();
        Dense dense = new Dense(2, 2);
        assertNotNull(registry.rootModel(dense, discovery));
        assertEquals(List.of(), registrations);
        assertEquals(1, afterwards.getCount(), "nothing published");
        Reference.reachabilityFence(dense);
    }

    @Test
    void withoutAnMBeanServerModelsGoWithoutMBeansAndTheJvmIsNotMarkedAsRunningJprune() throws Exception {
        BackgroundMBeans serverless = new BackgroundMBeans(CPU, () -> {
            throw new IllegalStateException("no MBean server today");
        });
        ModelRegistry models = new ModelRegistry(serverless);
        serverless.prepare();
        serverless.publish(agent(), afterwards::countDown);
        Dense dense = new Dense(2, 2);
        assertNotNull(models.rootModel(dense, discovery));
        assertEquals(List.of(), registrations);
        assertEquals(1, afterwards.getCount(), "no Agent MBean to talk to");
        Reference.reachabilityFence(dense);
    }

    @Test
    void anInterruptedForwardStillWaitsForTheAgentMBeanAndKeepsItsInterrupt() throws Exception {
        mbeans.prepare();
        Dense dense = new Dense(2, 2);
        AtomicBoolean stillInterrupted = new AtomicBoolean();
        CountDownLatch waiting = new CountDownLatch(1);
        Thread app = new Thread(() -> {
            Thread.currentThread().interrupt();
            waiting.countDown();
            registry.rootModel(dense, discovery);
            stillInterrupted.set(Thread.currentThread().isInterrupted());
        });
        app.start();
        assertTrue(waiting.await(PATIENCE_SECONDS, TimeUnit.SECONDS));
        mbeans.publish(agent(), afterwards::countDown);
        app.join(TimeUnit.SECONDS.toMillis(PATIENCE_SECONDS));
        assertTrue(stillInterrupted.get());
        assertEquals(List.of(MBeanPublisher.AGENT_OBJECT_NAME, "io.jprune:type=Model,name=Dense"), registrations);
        Reference.reachabilityFence(dense);
    }

    private AgentBean agent() {
        return new AgentBean("0.1.0", "modules=io.jprune.testmodels.*", CPU.description(), registry);
    }

    private static ObjectName agentName() throws Exception {
        return new ObjectName(MBeanPublisher.AGENT_OBJECT_NAME);
    }
}
