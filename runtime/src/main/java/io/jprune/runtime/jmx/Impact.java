package io.jprune.runtime.jmx;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import javax.management.MBeanOperationInfo;

/**
 * Whether an operation changes the app's weights ({@link MBeanOperationInfo#ACTION}) or only looks
 * ({@link MBeanOperationInfo#INFO}, the default when absent), so that consoles can warn before a click
 * prunes a production model.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Impact {
    /** One of {@link MBeanOperationInfo}'s impact constants. */
    int value();
}
