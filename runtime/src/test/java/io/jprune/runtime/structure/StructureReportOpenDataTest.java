package io.jprune.runtime.structure;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import javax.management.JMX;
import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import org.junit.jupiter.api.Test;

/** The report travels over JMX as open data and comes back whole, so the agent can return it from its MXBean. */
class StructureReportOpenDataTest {

    /** A stand-in for the model MXBean's {@code structure()}. */
    public interface StructureHolderMXBean {
        StructureReport getStructure();
    }

    @Test
    void theReportIsOpenDataAndReconstructible() throws Exception {
        ToyLeNet net = ToyLeNet.random(7);
        net.conv1.prune(Compaction.halfOfTheRows());
        StructureReport report = Compaction.analyse(net, ToyLeNet.images(3, 2)).report();
        MBeanServer server = MBeanServerFactory.newMBeanServer();
        ObjectName name = new ObjectName("io.jprune.test:type=StructureHolder");
        StructureHolderMXBean holder = () -> report;
        server.registerMBean(new javax.management.StandardMBean(holder, StructureHolderMXBean.class, true), name);

        CompositeData data = (CompositeData) server.getAttribute(name, "Structure");
        assertEquals(199_968L, data.get("macs"));
        CompositeData[] modules = (CompositeData[]) data.get("modules");
        assertEquals("conv1", modules[0].get("name"));
        assertArrayEquals(new int[] {3, 1, 3, 3}, (int[]) modules[0].get("compactedShape"));

        StructureReport back = JMX.newMXBeanProxy(server, name, StructureHolderMXBean.class).getStructure();
        assertEquals(report.render(), back.render());
    }
}
