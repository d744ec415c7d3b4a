package io.jprune.agent.cli;

/**
 * A well-formed command that could not be carried out (no such process, no jprune in that JVM, the MBean refused the
 * call): exit code 1, with a one-line message and never a stack trace, because these are expected outcomes.
 */
final class CommandFailedException extends Exception {
    private static final long serialVersionUID = 1L;

    CommandFailedException(String message) {
        super(message);
    }

    CommandFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
