package io.jprune.runtime.jmx;

import io.jprune.runtime.record.ChangeKind;
import io.jprune.runtime.record.ModelChange;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.MBeanNotificationInfo;
import javax.management.Notification;
import javax.management.NotificationBroadcasterSupport;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.CompositeDataSupport;
import javax.management.openmbean.CompositeType;
import javax.management.openmbean.OpenDataException;
import javax.management.openmbean.OpenType;
import javax.management.openmbean.SimpleType;

/**
 * The JMX notifications of one model's MBean: one per change (type {@code io.jprune.change.prune}, {@code remove},
 * {@code restore}, {@code compact}, {@code sweep-step}), with the summary line as message and the change's fields
 * as {@link CompositeData} user data, and {@code io.jprune.sweep.progress} while a sweep runs. Only JDK types
 * travel, so that a console without jprune's classes reads them.
 */
public final class ChangeNotifications extends NotificationBroadcasterSupport {
    /** The notification type of a sweep's progress: the message says what it is doing and how far it is. */
    public static final String SWEEP_PROGRESS = "io.jprune.sweep.progress";

    private static final String[] FIELDS = {"model", "kind", "parameter", "method", "amount", "sparsityBefore",
            "sparsityAfter", "durationNanos", "caller"};
    private static final CompositeType CHANGE = changeType();

    private final ObjectName source;
    private final AtomicLong sequence = new AtomicLong();

    /** @param source the ObjectName of the MBean the notifications come from */
    public ChangeNotifications(ObjectName source) {
        super(null, notificationInfo());
        this.source = source;
    }

    /** Sends one change as it happened. */
    public void changed(ModelChange change) {
        Notification notification = new Notification(change.kind().notificationType(), source,
                sequence.incrementAndGet(), System.currentTimeMillis(), change.summary());
        notification.setUserData(toCompositeData(change));
        sendNotification(notification);
    }

    /** Sends a sweep's progress line. */
    public void progress(String line) {
        sendNotification(new Notification(SWEEP_PROGRESS, source, sequence.incrementAndGet(),
                System.currentTimeMillis(), line));
    }

    /** A change's fields as open data, named as in {@link ModelChange}. */
    static CompositeData toCompositeData(ModelChange change) {
        try {
            return new CompositeDataSupport(CHANGE, FIELDS, new Object[] {change.model(), change.kind().label(),
                    change.parameter(), change.method(), change.amount(), change.sparsityBefore(),
                    change.sparsityAfter(), change.durationNanos(), change.caller()});
        } catch (OpenDataException e) {
            throw new IllegalStateException(e);
        }
    }

    private static CompositeType changeType() {
        OpenType<?>[] types = {SimpleType.STRING, SimpleType.STRING, SimpleType.STRING, SimpleType.STRING,
                SimpleType.STRING, SimpleType.DOUBLE, SimpleType.DOUBLE, SimpleType.LONG, SimpleType.STRING};
        String[] descriptions = {"the model's name", "prune, remove, restore, compact or sweep-step",
                "the parameters concerned, comma-separated; empty for the whole model", "the method and its arguments",
                "the amount as given", "fraction of zero entries before", "fraction of zero entries after",
                "how long the change took, in nanoseconds", "who asked: jmx <connection> or in-process"};
        try {
            return new CompositeType("io.jprune.ModelChange", "one change to a model's weights", FIELDS,
                    descriptions, types);
        } catch (OpenDataException e) {
            throw new IllegalStateException(e);
        }
    }

    private static MBeanNotificationInfo[] notificationInfo() {
        List<String> types = new ArrayList<>();
        for (ChangeKind kind : ChangeKind.values()) {
            types.add(kind.notificationType());
        }
        return new MBeanNotificationInfo[] {
            new MBeanNotificationInfo(types.toArray(String[]::new), Notification.class.getName(),
                    "A change to the model's weights; user data: model, kind, parameter, method, amount, "
                            + "sparsityBefore, sparsityAfter, durationNanos, caller"),
            new MBeanNotificationInfo(new String[] {SWEEP_PROGRESS}, Notification.class.getName(),
                    "Progress of a running sensitivity sweep")
        };
    }
}
