package io.jprune.runtime.jmx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jprune.kernels.cpu.CpuKernels;
import io.jprune.runtime.model.ArrayHandle;
import io.jprune.runtime.model.Model;
import io.jprune.runtime.model.ModelRegistry;
import io.jprune.runtime.spi.DiscoveredModel;
import io.jprune.runtime.prune.PruningMethods;
import io.jprune.runtime.spi.ModuleNode;
import io.jprune.runtime.tensor.Shape;
import java.lang.ref.Reference;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import javax.management.MBeanInfo;
import javax.management.MBeanOperationInfo;
import javax.management.MBeanParameterInfo;
import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.ObjectName;
import javax.management.RuntimeMBeanException;
import javax.management.openmbean.CompositeData;
import org.junit.jupiter.api.Test;

/**
 * The Model and Agent MBeans as a console sees them: described operations with real parameter names and
 * impacts, open types only, JDK exceptions with PyTorch's text.
 */
class ModelMBeanTest {
    private static final String[] PRUNE_SIGNATURE = {"java.lang.String", "java.lang.String"};

    private final MBeanServer server = MBeanServerFactory.newMBeanServer();
    private final CpuKernels kernels = new CpuKernels();
    private final Object root = new Object();
    private final float[] weight = {0.5f, -1.5f, 2.0f, -0.1f, 3.0f, -0.7f};
    private final Model model = new Model("Linear", root, new ModuleNode("", root, "Linear",
            "Linear(in_features=3, out_features=2, bias=True)",
            List.of(new ArrayHandle("weight", Shape.of(2, 3), weight), new ArrayHandle("bias", Shape.of(2), 1f, 0f)),
            List.of()));
    private final ObjectName name = MBeanPublisher.modelObjectName("Linear");

    ModelMBeanTest() {
        new MBeanPublisher(server, kernels).modelRegistered(model);
    }

    @Test
    void everyOperationIsDescribedWithNamedParametersAndAnImpact() throws Exception {
        MBeanInfo info = server.getMBeanInfo(name);
        assertTrue(info.getDescription().startsWith("One model of the app"), info.getDescription());
        Set<String> mutations = Set.of("randomUnstructured", "l1Unstructured", "randomStructured", "lnStructured",
                "globalUnstructured", "customFromMask", "customFromMasks", "identity", "remove", "restore", "compact",
                "liveSweep");
        for (MBeanOperationInfo op : info.getOperations()) {
            assertFalse(op.getDescription().startsWith("Operation exposed for management"), op.getName());
            assertEquals(mutations.contains(op.getName()) ? MBeanOperationInfo.ACTION : MBeanOperationInfo.INFO,
                    op.getImpact(), op.getName());
            for (MBeanParameterInfo p : op.getSignature()) {
                assertFalse(p.getName().matches("p\\d+"), op.getName() + " has an unnamed parameter");
                assertFalse(p.getDescription().isEmpty());
            }
        }
        MBeanOperationInfo ln = Arrays.stream(info.getOperations())
                .filter(op -> op.getName().equals("lnStructured") && op.getSignature().length == 5).findFirst()
                .orElseThrow();
        assertEquals(List.of("param", "amount", "n", "dim", "importance_scores"),
                Arrays.stream(ln.getSignature()).map(MBeanParameterInfo::getName).toList());
        assertNotNull(Arrays.stream(info.getAttributes()).filter(a -> a.getName().equals("Pruned")).findFirst()
                .orElseThrow().getDescription());
    }

    /**
     * Every per-parameter row of the table is an operation named after it (l1_unstructured: l1Unstructured) whose
     * parameters are the row's arguments under PyTorch's names, so a row cannot be added without its operation.
     */
    @Test
    void everyPruningMethodIsAnOperationWithItsArguments() throws Exception {
        MBeanInfo info = server.getMBeanInfo(name);
        for (PruningMethods method : PruningMethods.values()) {
            if (method.overSeveralParameters()) {
                continue;
            }
            String operation = camelCase(method.pytorchName());
            List<List<String>> signatures = Arrays.stream(info.getOperations())
                    .filter(op -> op.getName().equals(operation))
                    .map(op -> Arrays.stream(op.getSignature()).map(MBeanParameterInfo::getName).toList())
                    .toList();
            List<String> required = new java.util.ArrayList<>(List.of("param"));
            method.required().forEach(argument -> required.add(argument.pytorchName()));
            List<String> all = new java.util.ArrayList<>(required);
            method.optional().forEach(argument -> all.add(argument.pytorchName()));
            assertTrue(signatures.contains(all) || signatures.contains(required), operation + " " + signatures);
            for (List<String> signature : signatures) {
                assertTrue(all.containsAll(signature) && signature.containsAll(required), operation + signature);
            }
        }
    }

    private static String camelCase(String snake) {
        StringBuilder text = new StringBuilder();
        for (String part : snake.split("_")) {
            text.append(text.length() == 0 ? part : Character.toUpperCase(part.charAt(0)) + part.substring(1));
        }
        return text.toString();
    }

    @Test
    void listingsArriveAsCompositeData() throws Exception {
        server.invoke(name, "l1Unstructured", new Object[] {"weight", "0.5"}, PRUNE_SIGNATURE);
        CompositeData[] parameters = (CompositeData[]) server.invoke(name, "namedParameters", new Object[] {""},
                new String[] {"java.lang.String"});
        assertEquals(List.of("bias", "weight_orig"),
                Arrays.stream(parameters).map(row -> row.get("name")).toList());
        assertArrayEquals(new int[] {2, 3}, (int[]) parameters[1].get("shape"));
        assertEquals(6L, parameters[1].get("numel"));
        assertEquals(1L, parameters[0].get("zeros"), "the bias holds one zero of its own");
        CompositeData[] buffers = (CompositeData[]) server.invoke(name, "namedBuffers", new Object[] {""},
                new String[] {"java.lang.String"});
        assertEquals(3L, buffers[0].get("zeros"));
        CompositeData[] modules = (CompositeData[]) server.invoke(name, "namedModules", new Object[0], new String[0]);
        assertEquals("Linear(in_features=3, out_features=2, bias=True)", modules[0].get("repr"));
        assertEquals(Boolean.TRUE, server.getAttribute(name, "Pruned"));
        float[] mask = (float[]) server.invoke(name, "tensor", new Object[] {"weight_mask"},
                new String[] {"java.lang.String"});
        assertArrayEquals(new float[] {0, 1, 1, 0, 1, 0}, mask);
    }

    @Test
    void errorsAreJdkExceptionsWithPyTorchsText() {
        RuntimeMBeanException error = assertThrows(RuntimeMBeanException.class,
                () -> server.invoke(name, "l1Unstructured", new Object[] {"weight", "1.5"}, PRUNE_SIGNATURE));
        assertEquals(IllegalArgumentException.class, error.getTargetException().getClass());
        assertEquals("amount=1.5 should either be a float in the range [0, 1] or a non-negative integer",
                error.getTargetException().getMessage());
        RuntimeMBeanException method = assertThrows(RuntimeMBeanException.class,
                () -> server.invoke(name, "globalUnstructured", new Object[] {new String[] {"weight"}, "ln", "1", 0L},
                        new String[] {"[Ljava.lang.String;", "java.lang.String", "java.lang.String", "long"}));
        assertEquals("method must be l1 or random (global_unstructured supports only unstructured methods); got 'ln'",
                method.getTargetException().getMessage());
        RuntimeMBeanException missing = assertThrows(RuntimeMBeanException.class,
                () -> server.invoke(name, "l1Unstructured", new Object[] {"weight", null}, PRUNE_SIGNATURE));
        assertTrue(missing.getTargetException().getMessage().startsWith("amount is missing"));
        assertFalse(model.isPruned());
    }

    @Test
    void theModelMBeanGoesWithItsModel() throws Exception {
        assertTrue(server.isRegistered(name));
        new MBeanPublisher(server, kernels).modelUnregistered(model);
        assertFalse(server.isRegistered(name));
        new MBeanPublisher(server, kernels).modelUnregistered(model);
    }

    @Test
    void theAgentMBeanListsTheLiveModels() throws Exception {
        ModelRegistry registry = new ModelRegistry(new MBeanPublisher(server, kernels));
        new MBeanPublisher(server, kernels).publishAgent(new AgentBean("0.1.0", "log=info", "cpu: requested",
                registry));
        ObjectName agent = new ObjectName(MBeanPublisher.AGENT_OBJECT_NAME);
        assertArrayEquals(new String[0], (String[]) server.getAttribute(agent, "Models"));
        Object app = new Object() {
            final float[] w = {1, 2};
        };
        registry.rootModel(app, r -> DiscoveredModel.of(new ModuleNode("", r, "Tiny", "Tiny()",
                List.of(new ArrayHandle("w", Shape.of(2), 1, 2)), List.of())));
        assertArrayEquals(new String[] {"Tiny"}, (String[]) server.getAttribute(agent, "Models"));
        assertTrue(server.isRegistered(MBeanPublisher.modelObjectName("Tiny")));
        assertEquals("cpu: requested", server.getAttribute(agent, "Backend"));
        assertEquals("log=info", server.getAttribute(agent, "Options"));
        assertEquals("0.1.0", server.getAttribute(agent, "Version"));
        Reference.reachabilityFence(app);
    }

    @Test
    void namesThatAreNotPlainObjectNameValuesAreQuoted() {
        assertEquals("io.jprune:type=Model,name=LeNet#2", MBeanPublisher.modelObjectName("LeNet#2").toString());
        assertEquals("io.jprune:type=Model,name=\"a,b\"", MBeanPublisher.modelObjectName("a,b").toString());
    }
}
