package io.jprune.agent.cli;

import java.io.InputStream;
import java.io.PrintStream;

/**
 * Where a subcommand writes its result, reads a {@code -} file from, and how it reaches JVMs: passed in rather than
 * taken from {@code System}, so tests can run the real subcommands against an in-process MBean server.
 */
record CliEnvironment(PrintStream out, InputStream in, JvmConnector connector) {
}
