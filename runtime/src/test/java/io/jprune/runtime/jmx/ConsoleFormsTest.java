package io.jprune.runtime.jmx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jprune.kernels.cpu.CpuKernels;
import io.jprune.runtime.model.ArrayHandle;
import io.jprune.runtime.model.Model;
import io.jprune.runtime.spi.ModuleNode;
import io.jprune.runtime.tensor.Shape;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import javax.management.JMX;
import javax.management.MBeanInfo;
import javax.management.MBeanOperationInfo;
import javax.management.MBeanParameterInfo;
import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.ObjectName;
import javax.management.RuntimeMBeanException;
import javax.management.openmbean.CompositeData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Model MBean as JConsole and VisualVM can use it: they cannot send arrays, so every operation that takes one
 * has a sibling taking text (a comma-separated list, values or a file path), and listings and tensors come as text a
 * person can read. Checked through a real MBean server, with the masks each form produces.
 */
class ConsoleFormsTest {
    private static final String S = "java.lang.String";

    private final MBeanServer server = MBeanServerFactory.newMBeanServer();
    private final Object root = new Object();
    private final Object fc = new Object();
    private final Model model = new Model("Net", root, new ModuleNode("", root, "Net", "Net()", List.of(),
            List.of(new ModuleNode("fc", fc, "Linear", "Linear(in_features=3, out_features=2, bias=True)",
                    List.of(new ArrayHandle("weight", Shape.of(2, 3), 0.5f, -1.5f, 2.0f, -0.1f, 3.0f, -0.7f),
                            new ArrayHandle("bias", Shape.of(2), 0.25f, -2f)),
                    List.of()))));
    private final ObjectName name = MBeanPublisher.modelObjectName("Net");

    @TempDir
    Path temp;

    ConsoleFormsTest() {
        new MBeanPublisher(server, new CpuKernels()).modelRegistered(model);
    }

    @Test
    void everyOperationTakingAnArrayHasASiblingAConsoleCanCall() throws Exception {
        MBeanInfo info = server.getMBeanInfo(name);
        Set<String> simple = Arrays.stream(info.getOperations())
                .filter(op -> Arrays.stream(op.getSignature()).noneMatch(p -> p.getType().startsWith("[")))
                .map(MBeanOperationInfo::getName).collect(Collectors.toSet());
        for (MBeanOperationInfo op : info.getOperations()) {
            if (Arrays.stream(op.getSignature()).map(MBeanParameterInfo::getType).anyMatch(t -> t.startsWith("["))) {
                assertTrue(simple.contains(op.getName()) || simple.contains(op.getName() + "Text"),
                        op.getName() + " takes an array and has no form a console can call");
            }
        }
    }

    @Test
    void severalMasksGoInOneChangeAsText() throws Exception {
        String summary = (String) server.invoke(name, "customFromMasks",
                new Object[] {"fc.weight, fc.bias", "1, 0, 1, 1, 1, 0; tensor([0., 1.])"}, new String[] {S, S});
        assertEquals("fc.weight: custom_from_mask -> 2 of 6 pruned (33.3%)\nfc.bias: custom_from_mask -> 1 of 2 "
                + "pruned (50.0%)", summary);
        assertArrayEquals(new float[] {1, 0, 1, 1, 1, 0},
                (float[]) server.invoke(name, "tensor", new Object[] {"fc.weight_mask"}, new String[] {S}));
        assertArrayEquals(new float[] {0, 1},
                (float[]) server.invoke(name, "tensor", new Object[] {"fc.bias_mask"}, new String[] {S}));
    }

    @Test
    void globalPruningWithACommaSeparatedListPrunesAsTheArrayForm() throws Exception {
        String summary = (String) server.invoke(name, "globalUnstructured",
                new Object[] {"fc.weight, fc.bias", "l1", "3", 0L}, new String[] {S, S, S, "long"});
        assertEquals("global_unstructured L1Unstructured(amount=3) over 2 parameters -> 3 of 8 pruned (37.5%): "
                + "fc.weight 2 of 6 pruned (33.3%), fc.bias 1 of 2 pruned (50.0%)", summary);
        ModelMXBean bean = JMX.newMXBeanProxy(server, name, ModelMXBean.class);
        // the three smallest |values| of both: 0.1 and 0.5 of the weight, 0.25 of the bias
        assertArrayEquals(new float[] {0, 1, 1, 0, 1, 1}, bean.tensor("fc.weight_mask"));
        assertArrayEquals(new float[] {0, 1}, bean.tensor("fc.bias_mask"));
    }

    @Test
    void masksAndScoresComeAsTextOrAsAFileInTheAppsFileSystem() throws Exception {
        ModelMXBean bean = JMX.newMXBeanProxy(server, name, ModelMXBean.class);
        assertEquals("fc.weight: custom_from_mask -> 2 of 6 pruned (33.3%)",
                bean.customFromMask("fc.weight", "tensor([[1., 0., 1.],\n        [1., 1., 0.]])"));
        assertArrayEquals(new float[] {1, 0, 1, 1, 1, 0}, bean.tensor("fc.weight_mask"));
        bean.restore();

        Path scores = Files.writeString(temp.resolve("scores.txt"), "6 5 4\n3 2 1\n");
        bean.l1Unstructured("fc.weight", "2", scores.toString());
        assertArrayEquals(new float[] {1, 1, 1, 1, 0, 0}, bean.tensor("fc.weight_mask"), "the two smallest scores");
        bean.restore();
        bean.lnStructured("fc.weight", "1", "1", 0, "1, 1, 1, 0.5, 0.5, 0.5");
        assertArrayEquals(new float[] {1, 1, 1, 0, 0, 0}, bean.tensor("fc.weight_mask"), "row 1 has the smaller norm");

        RuntimeMBeanException bad = assertThrows(RuntimeMBeanException.class,
                () -> server.invoke(name, "customFromMask", new Object[] {"fc.bias", "1, x"}, new String[] {S, S}));
        assertEquals("mask: 'x' is not a number", bad.getTargetException().getMessage());
        Path secret = Files.writeString(temp.resolve("secret.txt"), "1 password\n");
        bad = assertThrows(RuntimeMBeanException.class, () -> server.invoke(name, "customFromMask",
                new Object[] {"fc.bias", secret.toString()}, new String[] {S, S}));
        assertEquals("mask file " + secret + ": value 2 is not a number", bad.getTargetException().getMessage(),
                "a file's contents are not echoed");
        bad = assertThrows(RuntimeMBeanException.class, () -> server.invoke(name, "customFromMask",
                new Object[] {"fc.bias", " "}, new String[] {S, S}));
        assertTrue(bad.getTargetException().getMessage().startsWith("mask is missing"));
        assertEquals("fc.bias: not pruned, nothing to restore", bean.restore("fc.bias"), "bad calls changed nothing");
    }

    @Test
    void listingsAndTensorsReadAsText() throws Exception {
        ModelMXBean bean = JMX.newMXBeanProxy(server, name, ModelMXBean.class);
        bean.l1Unstructured("fc.weight", "2");
        assertEquals("""
                NAME            SHAPE   NUMEL  ZEROS  SPARSITY
                fc.bias         [2]         2      0      0.0%
                fc.weight_orig  [2, 3]      6      0      0.0%
                """, server.getAttribute(name, "ParametersText"));
        assertEquals("""
                NAME            SHAPE   NUMEL  ZEROS  SPARSITY
                fc.weight_mask  [2, 3]      6      2     33.3%
                """, server.getAttribute(name, "BuffersText"));
        assertEquals("""
                NAME  TYPE    REPR
                ""    Net     Net()
                fc    Linear  Linear(in_features=3, out_features=2, bias=True)
                """, server.getAttribute(name, "ModulesText"));
        assertEquals("tensor([[0., 1., 1.],\n        [0., 1., 1.]])\nfc.weight_mask: shape torch.Size([2, 3]), "
                + "2 of 6 values zero (33.3%)", bean.tensorText("fc.weight_mask"));
        bean.restore();
        CompositeData weight = ((CompositeData[]) server.getAttribute(name, "NamedParameters"))[0];
        assertEquals("[2, 3]", weight.get("shapeText"));
        assertEquals("[2, 3]", bean.getNamedParameters()[0].getShapeText(), "a Java client reads it back");
        assertEquals("no buffers: no parameter is pruned\n", server.getAttribute(name, "BuffersText"));
        assertFalse(model.isPruned());
    }
}
