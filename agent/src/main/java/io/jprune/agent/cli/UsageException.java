package io.jprune.agent.cli;

/**
 * The command line itself was wrong (unknown command, missing argument, malformed number): exit code 2, so a script
 * can tell "I called it wrong" from "the JVM refused" (exit code 1).
 */
final class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }
}
