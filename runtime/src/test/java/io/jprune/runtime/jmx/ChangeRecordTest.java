package io.jprune.runtime.jmx;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jprune.kernels.cpu.CpuKernels;
import io.jprune.runtime.model.ArrayHandle;
import io.jprune.runtime.model.Model;
import io.jprune.runtime.spi.ModuleNode;
import io.jprune.runtime.tensor.Shape;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.Notification;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every change is on record: a JMX listener on the model's MBean receives one notification per change, and a
 * Flight Recorder recording, read back with {@code jdk.jfr.consumer}, holds one event per change with the
 * model, parameter, method, amount, sparsity before and after, duration and caller.
 */
class ChangeRecordTest {
    private final MBeanServer server = MBeanServerFactory.newMBeanServer();
    private final Object root = new Object();
    private final float[] weight = {0.5f, -1.5f, 2.0f, -0.1f, 3.0f, -0.7f};
    private final Model model = new Model("Recorded", root, new ModuleNode("", root, "Linear",
            "Linear(in_features=3, out_features=2, bias=True)",
            List.of(new ArrayHandle("weight", Shape.of(2, 3), weight), new ArrayHandle("bias", Shape.of(2), 1f, 0f)),
            List.of()));
    private final ObjectName name = MBeanPublisher.modelObjectName("Recorded");

    /** kind, parameter, method, amount, sparsity before, sparsity after: what each change must say. */
    private static final List<List<Object>> EXPECTED = List.of(
            List.of("prune", "weight", "l1_unstructured", "0.5", 0.0, 0.5),
            List.of("restore", "weight", "", "", 0.5, 0.0),
            List.of("prune", "weight", "ln_structured n=1 dim=0", "1", 0.0, 0.5),
            List.of("remove", "weight", "", "", 0.5, 0.5),
            List.of("prune", "bias", "random_unstructured", "1", 0.5, 1.0),
            List.of("restore", "", "", "", 0.625, 0.5));

    @Test
    void everyChangeIsOneNotificationAndOneFlightRecorderEvent(@TempDir Path dir) throws Exception {
        new MBeanPublisher(server, new CpuKernels()).modelRegistered(model);
        List<Notification> received = new CopyOnWriteArrayList<>();
        server.addNotificationListener(name, (notification, handback) -> received.add(notification), null, null);
        ModelMXBean bean = javax.management.JMX.newMXBeanProxy(server, name, ModelMXBean.class);

        Path file = dir.resolve("changes.jfr");
        try (Recording recording = new Recording()) {
            recording.enable("io.jprune.ModelChange");
            recording.start();
            bean.l1Unstructured("weight", "0.5");
            bean.restore("weight");
            bean.lnStructured("weight", "1", "1", 0);
            bean.remove("weight");
            bean.randomUnstructured("bias", "1", 7);
            bean.restore();
            recording.stop();
            recording.dump(file);
        }

        assertEquals(EXPECTED.size(), received.size(), "one notification per change");
        List<List<Object>> notified = new ArrayList<>();
        for (Notification notification : received) {
            CompositeData data = (CompositeData) notification.getUserData();
            assertEquals("io.jprune.change." + data.get("kind"), notification.getType());
            assertEquals(name, notification.getSource());
            assertEquals("Recorded", data.get("model"));
            assertEquals("in-process", data.get("caller"));
            notified.add(List.of(data.get("kind"), data.get("parameter"), data.get("method"), data.get("amount"),
                    data.get("sparsityBefore"), data.get("sparsityAfter")));
        }
        assertEquals(EXPECTED, notified);
        assertEquals("weight: l1_unstructured amount=0.5 -> 3 of 6 pruned (50.0%)", received.get(0).getMessage());

        List<RecordedEvent> events = RecordingFile.readAllEvents(file).stream()
                .filter(event -> event.getEventType().getName().equals("io.jprune.ModelChange")).toList();
        assertEquals(EXPECTED.size(), events.size(), "one event per change");
        List<List<Object>> recorded = new ArrayList<>();
        for (RecordedEvent event : events) {
            assertEquals("Recorded", event.getString("model"));
            assertEquals("in-process", event.getString("caller"));
            assertEquals(true, event.getDuration("changeDuration").toNanos() > 0, "a change takes some time");
            recorded.add(List.of(event.getString("kind"), event.getString("parameter"), event.getString("method"),
                    event.getString("amount"), event.getDouble("sparsityBefore"), event.getDouble("sparsityAfter")));
        }
        assertEquals(EXPECTED, recorded);
        assertEquals(true, Files.size(file) > 0);
    }

    @Test
    void aRefusedChangeIsNotRecorded() throws Exception {
        new MBeanPublisher(server, new CpuKernels()).modelRegistered(model);
        List<Notification> received = new CopyOnWriteArrayList<>();
        server.addNotificationListener(name, (notification, handback) -> received.add(notification), null, null);
        ModelMXBean bean = javax.management.JMX.newMXBeanProxy(server, name, ModelMXBean.class);
        try {
            bean.remove("weight");
        } catch (IllegalArgumentException expected) {
            // PyTorch's text: weight is not pruned
        }
        assertEquals(List.of(), received);
    }
}
