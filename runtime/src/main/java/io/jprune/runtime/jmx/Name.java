package io.jprune.runtime.jmx;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A parameter's name as JMX consoles show it ({@code param}, {@code amount}), instead of the {@code p0},
 * {@code p1} that an interface compiled without parameter names would give.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface Name {
    /** PyTorch's name for the argument where it has one. */
    String value();
}
