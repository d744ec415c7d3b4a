package io.jprune.agent.cli;

import io.jprune.testmodels.TinyNet;
import java.lang.management.ManagementFactory;

/**
 * A child JVM for attach tests: with argument {@code jprune} it marks itself the way jprune's agent does (the
 * {@value AttachConnector#VERSION_PROPERTY} property) and publishes jprune's real MBeans over a {@link TinyNet};
 * with {@code plain} it is any other Java application. Prints {@code ready}, then lives until its stdin closes.
 */
public final class TinyNetJvm {

    private TinyNetJvm() {
    }

    public static void main(String[] args) throws Exception {
        InProcessJprune jprune = null;
        if (args.length > 0 && args[0].equals("jprune")) {
            System.setProperty(AttachConnector.VERSION_PROPERTY, "0.1.0-test");
            jprune = new InProcessJprune(ManagementFactory.getPlatformMBeanServer());
            jprune.add(new TinyNet());
        }
        System.out.println("ready");
        System.out.flush();
        while (System.in.read() >= 0) {
            // wait for the parent to close stdin
        }
        java.lang.ref.Reference.reachabilityFence(jprune);
    }
}
