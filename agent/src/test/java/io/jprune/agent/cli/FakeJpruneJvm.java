package io.jprune.agent.cli;

import java.lang.management.ManagementFactory;
import java.util.Map;

/**
 * A child JVM for attach tests: with argument {@code jprune} it marks itself the way jprune's agent does (the
 * {@value AttachConnector#VERSION_PROPERTY} property) and registers the stand-in MBeans; with {@code plain} it is
 * any other Java application. Prints {@code ready}, then lives until its stdin closes.
 */
public final class FakeJpruneJvm {

    private FakeJpruneJvm() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("jprune")) {
            System.setProperty(AttachConnector.VERSION_PROPERTY, "0.1.0-test");
            FakeJprune.register(ManagementFactory.getPlatformMBeanServer(), Map.of("TinyNet", new FakeModel()));
        }
        System.out.println("ready");
        System.out.flush();
        while (System.in.read() >= 0) {
            // wait for the parent to close stdin
        }
    }
}
