package io.jprune.runtime.jmx;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The text a JMX console shows for an MBean, attribute, operation or parameter: a person driving jprune
 * from JConsole has nothing else to go on.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.PARAMETER})
public @interface Description {
    /** One or two sentences, in PyTorch's vocabulary. */
    String value();
}
