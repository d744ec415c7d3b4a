package io.jprune.agent.reliability.app;

import io.jprune.demo.LeNet;
import io.jprune.demo.Mnist;
import io.jprune.demo.Weights;
import java.lang.management.ManagementFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import javax.management.ObjectName;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.ClassFileVersion;
import net.bytebuddy.dynamic.loading.ClassLoadingStrategy;
import net.bytebuddy.implementation.FixedValue;
import net.bytebuddy.matcher.ElementMatchers;

/**
 * An app that carries its own Byte Buddy (the test puts 1.14.18 on its class path, where jprune shades 1.18.17)
 * and uses it at run time to generate classes, next to a LeNet that jprune prunes: both must work. It asks for
 * class files of Java 17 explicitly, as an app on an older Byte Buddy does to run on a newer Java.
 */
public final class ClashApp implements ClashAppMXBean {
    /** The app's MBean. */
    public static final String OBJECT_NAME = "clash:type=App";

    private final AtomicInteger generations = new AtomicInteger();
    private final AtomicReference<float[]> logits = new AtomicReference<>(new float[0]);
    private final AtomicLong forwards = new AtomicLong();

    private ClashApp() {
    }

    /** Runs until killed. */
    public static void main(String[] args) throws Exception {
        ClashApp app = new ClashApp();
        System.out.println("clash-app: " + app.getGenerated() + " (Byte Buddy from " + app.getByteBuddyLocation() + ")");
        ManagementFactory.getPlatformMBeanServer().registerMBean(app, new ObjectName(OBJECT_NAME));
        LeNet lenet = Weights.loadLeNet();
        float[] digit = Mnist.test().image(0);
        while (true) {
            app.logits.set(lenet.forward(digit));
            app.forwards.incrementAndGet();
            Thread.sleep(5);
        }
    }

    @Override
    public String getByteBuddyLocation() {
        return String.valueOf(ByteBuddy.class.getProtectionDomain().getCodeSource().getLocation());
    }

    @Override
    public String getGenerated() {
        try {
            int n = generations.incrementAndGet();
            Class<?> generated = new ByteBuddy(ClassFileVersion.JAVA_V17)
                    .subclass(Object.class)
                    .name("io.jprune.clash.Generated" + n)
                    .method(ElementMatchers.named("toString"))
                    .intercept(FixedValue.value("generated class #" + n))
                    .make()
                    .load(ClashApp.class.getClassLoader(), ClassLoadingStrategy.Default.WRAPPER)
                    .getLoaded();
            return generated.getDeclaredConstructor().newInstance().toString();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("the app's Byte Buddy failed: " + e, e);
        }
    }

    @Override
    public float[] getLogits() {
        return logits.get().clone();
    }

    @Override
    public long getForwards() {
        return forwards.get();
    }
}
