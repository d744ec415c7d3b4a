package io.jprune.agent.cli;

import java.util.List;

/**
 * How the command line reaches local JVMs; an interface so that the subcommands can be tested against an
 * in-process MBean server, while the real implementation ({@link AttachConnector}) goes through the Attach API.
 */
interface JvmConnector {

    /**
     * Opens a management connection to the JVM with this pid.
     *
     * @param jpruneRequired refuse a JVM that does not run jprune, before starting anything in it
     */
    JvmSession open(long pid, boolean jpruneRequired) throws CommandFailedException;

    /** The local JVMs that run jprune, by ascending pid. */
    List<JpruneJvm> list();
}
