package io.jprune.agent.instrumentation.plain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.jprune.agent.AgentOptions;
import io.jprune.runtime.spi.DiscoveredModel;
import io.jprune.runtime.spi.ModuleNode;
import io.jprune.runtime.spi.ParameterHandle;
import io.jprune.testmodels.Conv;
import io.jprune.testmodels.Dense;
import io.jprune.testmodels.Hierarchy;
import io.jprune.testmodels.Layers;
import io.jprune.testmodels.Tensors;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How plain-Java objects read as PyTorch modules: names, order, shapes, containers, shared and odd fields. */
class PlainModuleDiscoveryTest {
    private final PlainModuleDiscovery discovery = new PlainModuleDiscovery(
            AgentOptions.parse("modules=io.jprune.testmodels.*,shape=io.jprune.testmodels.Tensors.kernel:4x3")
                    .configuration(PlainOptions.class), null);

    @Test
    void convAndLinearShapesComeFromPyTorchsAttributeNames() {
        assertEquals(Map.of("weight", "torch.Size([6, 2, 3, 3])", "bias", "torch.Size([6])"),
                shapes(tree(new Conv(2, 6, 3))));
        assertEquals(Map.of("weight", "torch.Size([3, 4])", "bias", "torch.Size([3])"),
                shapes(tree(new Dense(4, 3))));
        assertEquals(Map.of("weight", "torch.Size([6, 1, 3, 3])", "bias", "torch.Size([6])"),
                shapes(tree(new Conv(1, 6, 3))), "one input channel: the name tells bias from weight");
        assertEquals(Map.of("weight", "torch.Size([5, 1])", "bias", "torch.Size([5])"),
                shapes(tree(new Dense(1, 5))));
    }

    @Test
    void nestedArraysGiveTheirDimsAndOptionsGiveTheRest() {
        ModuleNode tree = tree(new Tensors());
        assertEquals(List.of("matrix", "cube", "kernel", "loose"), names(tree.parameters()));
        assertEquals(Map.of("matrix", "torch.Size([2, 3])", "cube", "torch.Size([2, 3, 4])",
                "kernel", "torch.Size([4, 3])", "loose", "torch.Size([5])"), shapes(tree));
        ParameterHandle matrix = tree.parameters().get(0);
        float[] flat = matrix.values(matrix.read());
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, flat);
        float[][] nested = (float[][]) matrix.toAppValue(new float[] {6, 5, 4, 3, 2, 1});
        assertArrayEquals(new float[] {6, 5, 4}, nested[0]);
        assertArrayEquals(new float[] {3, 2, 1}, nested[1]);
    }

    @Test
    void finalPrivateFieldsAreReadAndWritten() {
        Conv conv = new Conv(1, 1, 1);
        ParameterHandle weight = tree(conv).parameters().get(0);
        float[] replacement = {42};
        Object original = weight.read();
        weight.write(replacement);
        assertSame(replacement, weight.read());
        weight.write(original);
        assertSame(original, weight.read());
    }

    @Test
    void arraysListsAndMapsOfModulesAreModuleListsAndDicts() {
        ModuleNode tree = tree(new Layers());
        List<String> modules = tree.namedModules().stream().map(node -> node.name() + ":" + node.type()).toList();
        assertEquals(List.of(":Layers", "blocks:ModuleList", "blocks.0:Dense", "blocks.2:Dense", "heads:ModuleList",
                "heads.0:Dense", "named:ModuleDict", "named.out:Dense"), modules);
        assertEquals("ModuleList(\n  (0): Linear(in_features=2, out_features=2, bias=True)\n"
                + "  (2): Linear(in_features=2, out_features=1, bias=True)\n)", tree.children().get(0).repr());
        assertEquals("Layers", tree.repr(), "without its own toString() a module shows its class name");
    }

    @Test
    void superclassFieldsComeFirstAndWhatIsSharedIsListedOnce() {
        ModuleNode tree = tree(new Hierarchy.Derived());
        assertEquals(List.of("baseWeight", "ownWeight"), names(tree.parameters()));
        assertEquals(List.of("", "shared"), tree.namedModules().stream().map(ModuleNode::name).toList());
    }

    @Test
    void objectsThatAreNotModelsGiveNoTree() {
        assertNull(tree(new Hierarchy.StaticOnly()), "a static forward makes no module");
        assertNull(tree(new Hierarchy.Empty()), "no parameters, no model");
        PlainModuleDiscovery otherPackage = new PlainModuleDiscovery(AgentOptions.parse("modules=com.acme.*").configuration(PlainOptions.class), null);
        assertNull(otherPackage.discover(new Dense(1, 1)), "outside the modules globs");
        PlainModuleDiscovery otherName = new PlainModuleDiscovery(AgentOptions.parse("forward=predict").configuration(PlainOptions.class), null);
        assertNull(otherName.discover(new Dense(1, 1)), "no method named like a forward");
    }

    private static List<String> names(List<ParameterHandle> parameters) {
        List<String> names = new ArrayList<>();
        for (ParameterHandle parameter : parameters) {
            names.add(parameter.name());
        }
        return names;
    }

    /** The module tree discovery finds at {@code root}, or {@code null} when it is no model. */
    private ModuleNode tree(Object root) {
        DiscoveredModel model = discovery.discover(root);
        return model == null ? null : model.tree();
    }

    private static Map<String, String> shapes(ModuleNode node) {
        Map<String, String> shapes = new LinkedHashMap<>();
        for (ParameterHandle parameter : node.parameters()) {
            shapes.put(parameter.name(), parameter.shape().toString());
        }
        return shapes;
    }
}
