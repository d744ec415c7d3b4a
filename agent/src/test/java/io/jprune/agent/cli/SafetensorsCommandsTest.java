package io.jprune.agent.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jprune.agent.safetensors.NumpySafetensors;
import io.jprune.agent.safetensors.SafetensorsFile;
import io.jprune.agent.safetensors.StoredTensor;
import io.jprune.runtime.jmx.MBeanPublisher;
import io.jprune.runtime.jmx.ModelMXBean;
import io.jprune.testmodels.TinyNet;
import java.nio.file.Path;
import java.util.List;
import javax.management.JMX;
import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code export} and {@code import} through {@link Main#run} against the real Model MBean of a {@link TinyNet}:
 * masks written by the independent numpy writer are applied exactly, all or none; the exported state dict is what
 * the numpy reader reads, bit for bit, and imports back to the same masks.
 */
class SafetensorsCommandsTest {

    @TempDir
    Path folder;
    private MBeanServer server;
    private JvmConnector connector;
    /** Holds the model's root: the registry holds it weakly, as it holds an app's. */
    private InProcessJprune jprune;

    @BeforeEach
    void registerTinyNet() {
        server = MBeanServerFactory.newMBeanServer();
        jprune = new InProcessJprune(server);
        assertEquals("TinyNet", jprune.add(new TinyNet()));
        connector = new InProcessConnector(server, true, List.of());
    }

    private ModelMXBean model() {
        return JMX.newMXBeanProxy(server, MBeanPublisher.modelObjectName("TinyNet"), ModelMXBean.class);
    }

    private CliRun run(String... args) {
        return CliRun.of(connector, "", args);
    }

    @Test
    void importsFloat32AndBoolMasksWrittenByNumpyAsCustomFromMask() {
        CliRun imported = run("import", "42", NumpySafetensors.fixture("tinynet-masks.safetensors").toString());
        assertEquals("", imported.err());
        assertEquals("""
                conv1.weight: custom_from_mask -> 3 of 8 pruned (37.5%)
                fc1.weight: custom_from_mask -> 2 of 6 pruned (33.3%)
                (not imported, since only masks are: conv1.bias)
                """, imported.out());
        assertArrayEquals(new float[] {1, 0, 1, 1, 0, 1, 1, 0}, model().tensor("conv1.weight_mask"));
        assertArrayEquals(new float[] {1, 0, 1, 1, 0, 1}, model().tensor("fc1.weight_mask"));
        assertArrayEquals(new float[] {1, 0, 3, 4, 0, 6}, model().tensor("fc1.weight"));

        CliRun u8 = run("import", "42", NumpySafetensors.fixture("tinynet-u8-mask.safetensors").toString());
        assertEquals("fc1.weight: custom_from_mask -> 2 of 6 pruned (33.3%) (2 already pruned, 0 newly pruned)\n",
                u8.out(), u8.err());
        assertArrayEquals(new float[] {1, 0, 1, 1, 0, 1}, model().tensor("fc1.weight_mask"), "the same mask again");
    }

    @Test
    void aShapeMismatchIsRefusedByNameAndNoMaskIsApplied() {
        CliRun refused = run("import", "42", NumpySafetensors.fixture("tinynet-bad-shape.safetensors").toString());
        assertEquals("jprune: " + NumpySafetensors.fixture("tinynet-bad-shape.safetensors") + ": nothing imported: "
                + "fc1.weight_mask has shape [2, 3] but fc1.weight has [3, 2]\n", refused.err());
        assertEquals(1, refused.status());
        assertFalse(model().isPruned(), "conv1.weight's good mask was not applied either");
    }

    @Test
    void masksArriveInOneChangeOrNotAtAll() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> model().customFromMasks(new String[] {"conv1.weight", "fc1.weight"},
                        new float[][] {{1, 0, 1, 1, 0, 1, 1, 0}, {1, 0, 1}}));
        assertEquals("mask has 3 values but fc1.weight has 6 (torch.Size([3, 2]))", refused.getMessage());
        assertFalse(model().isPruned(), "conv1.weight's mask, computed first, was not applied");
        assertEquals("conv1.weight: custom_from_mask -> 3 of 8 pruned (37.5%)\nfc1.weight: custom_from_mask -> 1 of 6 "
                + "pruned (16.7%)", model().customFromMasks(new String[] {"conv1.weight", "fc1.weight"},
                new float[][] {{1, 0, 1, 1, 0, 1, 1, 0}, {1, 0, 1, 1, 1, 1}}));
    }

    @Test
    void exportsThePrunedStateDictThatNumpyReadsAndThatImportsBackToTheSameMasks() throws Exception {
        assertEquals(0, run("prune", "42", "l1_unstructured", "conv1.weight", "--amount", "0.5").status());
        assertEquals(0, run("prune", "42", "random_structured", "fc1.weight", "--amount", "1", "--dim", "0",
                "--seed", "7").status());
        float[] conv1Mask = model().tensor("conv1.weight_mask");
        float[] fc1Mask = model().tensor("fc1.weight_mask");
        Path file = folder.resolve("tinynet.safetensors");

        CliRun exported = run("export", "42", file.toString());
        assertEquals("wrote 6 tensors (33 float32 values) of model TinyNet to " + file + "; pruned: conv1.weight, "
                + "fc1.weight\n", exported.out(), exported.err());
        List<StoredTensor> expected = List.of(
                StoredTensor.f32("conv1.bias", new int[] {2}, model().tensor("conv1.bias")),
                StoredTensor.f32("conv1.weight_orig", new int[] {2, 1, 2, 2}, model().tensor("conv1.weight_orig")),
                StoredTensor.f32("fc1.bias", new int[] {3}, model().tensor("fc1.bias")),
                StoredTensor.f32("fc1.weight_orig", new int[] {3, 2}, model().tensor("fc1.weight_orig")),
                StoredTensor.f32("conv1.weight_mask", new int[] {2, 1, 2, 2}, conv1Mask),
                StoredTensor.f32("fc1.weight_mask", new int[] {3, 2}, fc1Mask));
        assertEquals(NumpySafetensors.lines(expected), NumpySafetensors.lines(SafetensorsFile.read(file)));
        assertEquals("metadata {\"format\": \"pt\", \"jprune.model\": \"TinyNet\"}\n" + NumpySafetensors.lines(expected),
                NumpySafetensors.readWithNumpy(file));

        assertEquals(0, run("restore", "42").status());
        CliRun imported = run("import", "42", file.toString());
        assertEquals(0, imported.status(), imported.err());
        assertArrayEquals(conv1Mask, model().tensor("conv1.weight_mask"));
        assertArrayEquals(fc1Mask, model().tensor("fc1.weight_mask"));
    }
}
