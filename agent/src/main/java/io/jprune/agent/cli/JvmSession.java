package io.jprune.agent.cli;

import javax.management.MBeanServerConnection;

/**
 * A management connection to one local JVM, held for the duration of one command, so that every subcommand reads
 * and changes the target through its MBeans only and nothing stays open in the target afterwards but the JDK's own
 * local management agent.
 */
interface JvmSession extends AutoCloseable {

    long pid();

    MBeanServerConnection mbeans();

    @Override
    void close();
}
