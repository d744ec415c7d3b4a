package io.jprune.agent.reliability;

import io.jprune.agent.e2e.DemoApp;
import io.jprune.agent.e2e.JmxConsole;
import java.time.Duration;
import java.util.List;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;

/**
 * The demo service in a child JVM, connected, with its model found and a first pass done: the model's and the
 * service's MBeans at hand, and the service's own figures read the way its operator reads them.
 */
final class RunningDemo {
    static final Duration STARTUP = Duration.ofSeconds(90);
    static final List<String> WEIGHTS = List.of("conv1.weight", "conv1.bias", "conv2.weight", "conv2.bias",
            "fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias", "fc3.weight", "fc3.bias");

    final DemoApp app;
    final MBeanServerConnection connection;
    final JmxConsole model;
    final JmxConsole agent;
    final JmxConsole inference;

    private RunningDemo(DemoApp app, MBeanServerConnection connection, String modelName) throws Exception {
        this.app = app;
        this.connection = connection;
        this.model = new JmxConsole(connection, new ObjectName("io.jprune:type=Model,name=" + modelName));
        this.agent = new JmxConsole(connection, new ObjectName("io.jprune:type=Agent"));
        this.inference = new JmxConsole(connection, new ObjectName("demo:type=Inference"));
    }

    /** Connects to a started app and waits for the model {@code modelName} and a first completed pass. */
    static RunningDemo connect(DemoApp app, String modelName) throws Exception {
        MBeanServerConnection connection = app.connect();
        RunningDemo demo = new RunningDemo(app, connection, modelName);
        ObjectName modelBean = new ObjectName("io.jprune:type=Model,name=" + modelName);
        app.await("the " + modelName + " model MBean", STARTUP, () -> registered(connection, modelBean));
        app.await("a first completed pass", STARTUP, () -> demo.passes() >= 1);
        return demo;
    }

    long passes() {
        try {
            ObjectName service = new ObjectName("demo:type=Inference");
            return connection.isRegistered(service) ? (long) connection.getAttribute(service, "PassesCompleted") : 0;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** The correct answers of a pass over the 2,000 digits that started after {@code afterMillis}. */
    int correctOfAPassStartedAfter(long afterMillis) throws Exception {
        return (int) app.ofAPassStartedAfter(inference, "Correct", afterMillis, STARTUP);
    }

    long errors() throws Exception {
        return (long) inference.attribute("Errors");
    }

    ModelSnapshot snapshot() throws Exception {
        return ModelSnapshot.of(model, WEIGHTS);
    }

    private static boolean registered(MBeanServerConnection connection, ObjectName name) {
        try {
            return connection.isRegistered(name);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
