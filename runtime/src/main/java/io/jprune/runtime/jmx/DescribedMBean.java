package io.jprune.runtime.jmx;

import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanInfo;
import javax.management.MBeanOperationInfo;
import javax.management.MBeanParameterInfo;
import javax.management.NotificationBroadcasterSupport;
import javax.management.NotificationEmitter;
import javax.management.StandardEmitterMBean;

/**
 * An MXBean whose console view comes from {@link Description}, {@link Name} and {@link Impact} on its
 * interface, since plain MXBeans show no descriptions, {@code p0}-style parameter names and an
 * {@code UNKNOWN} impact.
 *
 * @param <T> the MXBean interface
 */
public final class DescribedMBean<T> extends StandardEmitterMBean {
    private final Class<T> mxbeanInterface;

    /**
     * @param implementation  the bean
     * @param mxbeanInterface the annotated MXBean interface it implements
     */
    public DescribedMBean(T implementation, Class<T> mxbeanInterface) {
        this(implementation, mxbeanInterface, new NotificationBroadcasterSupport());
    }

    /**
     * A bean that also sends notifications, e.g. a model's changes.
     *
     * @param emitter where its notifications come from, and what they are (its notification info)
     */
    public DescribedMBean(T implementation, Class<T> mxbeanInterface, NotificationEmitter emitter) {
        super(implementation, mxbeanInterface, true, emitter);
        this.mxbeanInterface = mxbeanInterface;
    }

    @Override
    protected String getDescription(MBeanInfo info) {
        Description description = mxbeanInterface.getAnnotation(Description.class);
        return description != null ? description.value() : super.getDescription(info);
    }

    @Override
    protected String getDescription(MBeanAttributeInfo info) {
        Method getter = getter(info.getName());
        Description description = getter == null ? null : getter.getAnnotation(Description.class);
        return description != null ? description.value() : super.getDescription(info);
    }

    @Override
    protected String getDescription(MBeanOperationInfo info) {
        Method method = method(info);
        Description description = method == null ? null : method.getAnnotation(Description.class);
        return description != null ? description.value() : super.getDescription(info);
    }

    @Override
    protected int getImpact(MBeanOperationInfo info) {
        Method method = method(info);
        Impact impact = method == null ? null : method.getAnnotation(Impact.class);
        return impact != null ? impact.value() : MBeanOperationInfo.INFO;
    }

    @Override
    protected String getParameterName(MBeanOperationInfo op, MBeanParameterInfo param, int sequence) {
        Parameter parameter = parameter(op, sequence);
        Name name = parameter == null ? null : parameter.getAnnotation(Name.class);
        return name != null ? name.value() : super.getParameterName(op, param, sequence);
    }

    @Override
    protected String getDescription(MBeanOperationInfo op, MBeanParameterInfo param, int sequence) {
        Parameter parameter = parameter(op, sequence);
        Description description = parameter == null ? null : parameter.getAnnotation(Description.class);
        return description != null ? description.value() : super.getDescription(op, param, sequence);
    }

    private Parameter parameter(MBeanOperationInfo op, int sequence) {
        Method method = method(op);
        return method == null ? null : method.getParameters()[sequence];
    }

    /** The interface method behind an operation; MXBean signatures name the Java types of our simple parameters. */
    private Method method(MBeanOperationInfo info) {
        MBeanParameterInfo[] signature = info.getSignature();
        for (Method method : mxbeanInterface.getMethods()) {
            if (!method.getName().equals(info.getName()) || method.getParameterCount() != signature.length) {
                continue;
            }
            Class<?>[] types = method.getParameterTypes();
            boolean same = true;
            for (int i = 0; i < types.length && same; i++) {
                same = types[i].getName().equals(signature[i].getType());
            }
            if (same) {
                return method;
            }
        }
        return null;
    }

    private Method getter(String attribute) {
        for (String prefix : new String[] {"get", "is"}) {
            try {
                return mxbeanInterface.getMethod(prefix + attribute);
            } catch (NoSuchMethodException e) {
                // try the next prefix
            }
        }
        return null;
    }
}
