package io.jprune.agent.cli;

import java.util.List;
import javax.management.MBeanServer;
import javax.management.MBeanServerConnection;

/** A connector whose every "JVM" is one in-process MBean server, to run the real subcommands without attaching. */
final class InProcessConnector implements JvmConnector {

    private final MBeanServer server;
    private final boolean runsJprune;
    private final List<JpruneJvm> listed;

    InProcessConnector(MBeanServer server, boolean runsJprune, List<JpruneJvm> listed) {
        this.server = server;
        this.runsJprune = runsJprune;
        this.listed = listed;
    }

    @Override
    public JvmSession open(long pid, boolean jpruneRequired) throws CommandFailedException {
        if (jpruneRequired && !runsJprune) {
            throw new CommandFailedException("JVM " + pid + " (test) is not running jprune");
        }
        return new JvmSession() {
            @Override
            public long pid() {
                return pid;
            }

            @Override
            public MBeanServerConnection mbeans() {
                return server;
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public List<JpruneJvm> list() {
        return listed;
    }
}
