package io.jprune.agent.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.util.Map;

/**
 * Where a subcommand writes its result, reads a {@code -} file from, and how it reaches JVMs: passed in rather than
 * taken from {@code System}, so tests can run the real subcommands against an in-process MBean server.
 */
record CliEnvironment(PrintStream out, InputStream in, JvmConnector connector) {

    /** A one-line result: with {@code --json} the fields as one JSON object, otherwise the text for people. */
    void println(boolean json, Map<String, Object> fields, String text) {
        out.println(json ? Json.write(fields) : text);
    }
}
