package io.jprune.runtime.jmx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jprune.kernels.cpu.CpuKernels;
import io.jprune.runtime.model.ArrayHandle;
import io.jprune.runtime.model.Model;
import io.jprune.runtime.spi.ActivationForm;
import io.jprune.runtime.spi.DiscoveredModel;
import io.jprune.runtime.spi.ModelCopier;
import io.jprune.runtime.spi.ModuleNode;
import io.jprune.runtime.spi.ParameterNames;
import io.jprune.runtime.spi.WeightInstaller;
import io.jprune.runtime.tensor.Shape;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.management.JMX;
import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;
import org.junit.jupiter.api.Test;

/**
 * What the listings show of a framework that names tensors its own way (an ONNX model): each parameter's other
 * name beside it, and the tensors that are no parameter with the reason, through a real MBean server as a console
 * and the command line read them.
 */
class FrameworkNamesListingTest {
    private final MBeanServer server = MBeanServerFactory.newMBeanServer();
    private final ObjectName name = MBeanPublisher.modelObjectName("Net");
    /** The app's modules, held as the app would hold them: jprune holds them weakly. */
    private final Object root = new Object();
    private final Object fc = new Object();

    FrameworkNamesListingTest() {
        ModuleNode tree = new ModuleNode("", root, "Net", "Net()", List.of(),
                List.of(new ModuleNode("fc", fc, "Linear", "Linear(in_features=3, out_features=2, bias=True)",
                        List.of(new ArrayHandle("weight", Shape.of(2, 3), 0.5f, -1.5f, 2.0f, -0.1f, 3.0f, -0.7f),
                                new ArrayHandle("bias", Shape.of(2), 0.25f, -2f)),
                        List.of())));
        Map<String, String> notParameters = new LinkedHashMap<>();
        notParameters.put("onnx::Reshape_12", "integer shapes or indices (int64); jprune prunes float32 initializers");
        notParameters.put("unused", "feeds no node of the graph");
        ParameterNames names = new ParameterNames() {
            @Override
            public String otherName(String qualifiedName) {
                return qualifiedName.equals("fc.weight") ? "onnx::MatMul_1" : null;
            }

            @Override
            public String qualifiedName(String otherName) {
                return otherName.equals("onnx::MatMul_1") ? "fc.weight" : null;
            }

            @Override
            public String whyNotAParameter(String tensor) {
                return notParameters.get(tensor);
            }

            @Override
            public Map<String, String> notParameters() {
                return notParameters;
            }
        };
        Model model = new Model("Net", root, new DiscoveredModel(tree, WeightInstaller.PER_REFERENCE,
                ActivationForm.FLOAT_ARRAYS, ModelCopier.NONE, names));
        new MBeanPublisher(server, new CpuKernels()).modelRegistered(model);
    }

    @Test
    void theParametersTableShowsTheFrameworksNameAndThenWhatIsNoParameter() throws Exception {
        assertEquals("""
                NAME       SHAPE   NUMEL  ZEROS  SPARSITY  FRAMEWORK NAME
                fc.weight  [2, 3]      6      0      0.0%  onnx::MatMul_1
                fc.bias    [2]         2      0      0.0%

                2 tensors are not a parameter:
                NAME              WHY IT CANNOT BE PRUNED
                onnx::Reshape_12  integer shapes or indices (int64); jprune prunes float32 initializers
                unused            feeds no node of the graph
                """, server.getAttribute(name, "ParametersText"));
        server.invoke(name, "l1Unstructured", new Object[] {"onnx::MatMul_1", "0.5"},
                new String[] {"java.lang.String", "java.lang.String"});
        assertTrue(((String) server.getAttribute(name, "ParametersText"))
                .contains("fc.weight_orig  [2, 3]      6      0      0.0%  onnx::MatMul_1\n"));
    }

    @Test
    void theJmxDataCarriesBothNamesAndTheReasons() throws Exception {
        CompositeData[] parameters = (CompositeData[]) server.getAttribute(name, "NamedParameters");
        assertEquals("onnx::MatMul_1", parameters[0].get("otherName"));
        assertEquals("", parameters[1].get("otherName"));
        TabularData reasons = (TabularData) server.getAttribute(name, "NotParameters");
        assertEquals(2, reasons.size());
        ModelMXBean proxy = JMX.newMXBeanProxy(server, name, ModelMXBean.class);
        assertEquals("feeds no node of the graph", proxy.getNotParameters().get("unused"));
        assertEquals("onnx::MatMul_1", proxy.getNamedParameters()[0].getOtherName());
    }

    @Test
    void describeEndsWithTheOtherNamesAndTheTensorsThatAreNoParameter() {
        String describe = JMX.newMXBeanProxy(server, name, ModelMXBean.class).describe("");
        assertTrue(describe.endsWith("\n# the framework's names: fc.weight=onnx::MatMul_1"
                + "\n# not a parameter, cannot be pruned: onnx::Reshape_12: integer shapes or indices (int64); "
                + "jprune prunes float32 initializers"
                + "\n# not a parameter, cannot be pruned: unused: feeds no node of the graph"), describe);
        assertTrue(JMX.newMXBeanProxy(server, name, ModelMXBean.class).describe("fc")
                .endsWith("\n# the framework's names: weight=onnx::MatMul_1"));
    }
}
