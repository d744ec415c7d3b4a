package io.jprune.agent.cli;

import io.jprune.runtime.jmx.ModelMXBean;
import java.util.function.Function;

/**
 * One model's MBean in the target JVM, reached through an MXBean proxy of {@link ModelMXBean}: the command line
 * calls the same typed interface a Java client would, so the JDK maps the open types (the listings, the structure
 * report) back to jprune's classes and no command decodes {@code CompositeData} by hand.
 *
 * @param name  the model's name, as the agent lists it
 * @param mbean the proxy; every call goes to the target JVM
 */
record RemoteModel(String name, ModelMXBean mbean) {

    /**
     * Calls the model and explains any failure in one line: the MBean's refusal verbatim (PyTorch's text), a lost
     * connection or a vanished model in plain words.
     */
    <T> T call(Function<ModelMXBean, T> call) throws CommandFailedException {
        return JmxCalls.call("model " + name, () -> call.apply(mbean));
    }
}
