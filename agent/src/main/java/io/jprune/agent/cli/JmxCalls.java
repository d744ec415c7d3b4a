package io.jprune.agent.cli;

import java.io.IOException;
import java.io.InvalidObjectException;
import java.lang.reflect.UndeclaredThrowableException;
import javax.management.AttributeNotFoundException;
import javax.management.InstanceNotFoundException;
import javax.management.JMRuntimeException;
import javax.management.MBeanException;
import javax.management.ReflectionException;
import javax.management.RuntimeErrorException;
import javax.management.RuntimeMBeanException;
import javax.management.RuntimeOperationsException;

/**
 * Turns what a remote MBean call can throw into one line for a person: the MBean's own message verbatim when the
 * MBean refused the call (that is where PyTorch's error texts are), a plain explanation otherwise.
 */
final class JmxCalls {

    /** A remote call; any exception it throws is explained by {@link #call}. */
    interface Call<T> {
        T call() throws Exception;
    }

    private JmxCalls() {
    }

    static <T> T call(String what, Call<T> call) throws CommandFailedException {
        try {
            return call.call();
        } catch (CommandFailedException e) {
            throw e;
        } catch (UndeclaredThrowableException e) {
            throw explained(what, e.getUndeclaredThrowable());
        } catch (Exception e) {
            throw explained(what, e);
        }
    }

    /**
     * An MXBean proxy rethrows the MBean's own runtime exception unwrapped and wraps the checked JMX and I/O
     * exceptions in an {@link UndeclaredThrowableException}; a plain {@code MBeanServerConnection} call throws the
     * JMX wrappers themselves. Both arrive here, already unwrapped from the proxy's wrapper.
     */
    private static CommandFailedException explained(String what, Throwable e) {
        if (e instanceof MBeanException || e instanceof RuntimeMBeanException || e instanceof RuntimeErrorException
                || e instanceof RuntimeOperationsException) {
            return new CommandFailedException(messageOf(rootOf(e)), e);
        }
        if (e instanceof InstanceNotFoundException) {
            return new CommandFailedException(what + ": no such MBean " + e.getMessage(), e);
        }
        if (e instanceof AttributeNotFoundException) {
            return new CommandFailedException(what + ": no such attribute (" + e.getMessage() + ")", e);
        }
        if (e instanceof ReflectionException) {
            return new CommandFailedException(what + ": the MBean does not offer this operation ("
                    + messageOf(rootOf(e)) + "); is the JVM running another jprune version?", e);
        }
        if (e instanceof InvalidObjectException) {
            return new CommandFailedException(what + ": the MBean's answer does not fit this jprune's types ("
                    + messageOf(e) + "); is the JVM running another jprune version?", e);
        }
        if (e instanceof IOException) {
            return new CommandFailedException(what + ": lost the connection to the JVM (" + e.getMessage() + ")", e);
        }
        if (e instanceof RuntimeException && !(e instanceof JMRuntimeException)) {
            // what the MBean itself threw, which an MXBean proxy rethrows as it is: PyTorch's text, verbatim
            return new CommandFailedException(messageOf(e), e);
        }
        return new CommandFailedException(what + ": " + messageOf(rootOf(e)), e);
    }

    /** Unwraps the JMX wrappers down to what the MBean itself threw. */
    static Throwable rootOf(Throwable e) {
        Throwable current = e;
        while (true) {
            Throwable next = null;
            if (current instanceof MBeanException mbean) {
                next = mbean.getTargetException();
            } else if (current instanceof RuntimeMBeanException runtime) {
                next = runtime.getTargetException();
            } else if (current instanceof RuntimeErrorException error) {
                next = error.getTargetError();
            } else if (current instanceof RuntimeOperationsException operations) {
                next = operations.getTargetException();
            } else if (current instanceof ReflectionException reflection) {
                next = reflection.getTargetException();
            } else if (current instanceof UndeclaredThrowableException undeclared) {
                next = undeclared.getUndeclaredThrowable();
            }
            if (next == null || next == current) {
                return current;
            }
            current = next;
        }
    }

    static String messageOf(Throwable e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }
}
