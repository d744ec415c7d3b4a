package io.jprune.agent.instrumentation.djl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import io.jprune.kernels.cpu.CpuKernels;
import io.jprune.runtime.api.NamedTensor;
import io.jprune.runtime.api.NamedTensors;
import io.jprune.runtime.api.Pruner;
import io.jprune.runtime.prune.Amount;
import io.jprune.runtime.spi.DiscoveredModel;
import io.jprune.runtime.spi.ModuleNode;
import io.jprune.runtime.spi.ParameterHandle;
import io.jprune.runtime.spi.WeightInstaller;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The DJL adapter on real blocks and native arrays of DJL's PyTorch engine, in process (the end-to-end tests run
 * it hooked in the demo): names and shapes as PyTorch lists them, running statistics left out, and a generation
 * served to the layers' weight reads, given back as the app's own array, and freed when released.
 */
class DjlAdapterTest {
    private Model model;
    private Block block;

    @BeforeEach
    void sequentialNetwork() {
        model = Model.newInstance("test", "PyTorch");
        block = new SequentialBlock()
                .add(Conv2d.builder().setKernelShape(new Shape(3, 3)).setFilters(4).build())
                .add(BatchNorm.builder().build())
                .add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(5).build());
        block.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, 2, 6, 6));
        model.setBlock(block);
    }

    @AfterEach
    void close() {
        model.close();
    }

    @Test
    void listsTheBlockTreeWithDjlNamesForChildrenNamedByTheirClass() {
        ModuleNode tree = new DjlModelDiscovery().discover(block).tree();
        assertEquals(List.of("", "01Conv2d", "02BatchNorm", "03LambdaBlock", "04Linear"),
                tree.namedModules().stream().map(ModuleNode::name).toList());
        ModuleNode conv = tree.children().get(0);
        assertEquals("Conv2d", conv.type());
        assertEquals("Conv2d(2, 4, kernel_size=(3, 3), stride=(1, 1))", conv.repr());
        assertEquals(List.of("weight", "bias"), names(conv));
        assertArrayEquals(new int[] {4, 2, 3, 3}, conv.parameters().get(0).shape().dims());
        ModuleNode norm = tree.children().get(1);
        assertEquals(List.of("gamma", "beta"), names(norm), "running mean and variance are state");
        assertEquals(List.of("running_mean", "running_var"), norm.buffers().stream().map(ParameterHandle::name)
                .toList(), "as PyTorch names its buffers");
        ModuleNode linear = tree.children().get(3);
        assertEquals("Linear(in_features=64, out_features=5, bias=True)", linear.repr());
        assertArrayEquals(new int[] {5, 64}, linear.parameters().get(0).shape().dims());
    }

    @Test
    void runningStatisticsAreListedAndReadAsBuffersBeforeAnyMask() {
        io.jprune.runtime.model.Model jpruneModel = new io.jprune.runtime.model.Model("djl", block,
                new DjlModelDiscovery().discover(block));
        NamedTensors tensors = new NamedTensors(jpruneModel, new CpuKernels());
        assertEquals(List.of("02BatchNorm.running_mean", "02BatchNorm.running_var"),
                tensors.buffers("").stream().map(NamedTensor::name).toList());
        assertArrayEquals(new float[] {0, 0, 0, 0}, tensors.tensor("02BatchNorm.running_mean").values());
        assertArrayEquals(new float[] {1, 1, 1, 1}, tensors.tensor("02BatchNorm.running_var").values());
        assertArrayEquals(new int[] {4}, tensors.tensor("02BatchNorm.running_var").shape().dims());
        new Pruner(jpruneModel, new CpuKernels()).l1Unstructured("01Conv2d.weight", Amount.fraction(0.5), null);
        assertEquals(List.of("01Conv2d.weight_mask", "02BatchNorm.running_mean", "02BatchNorm.running_var"),
                tensors.buffers("").stream().map(NamedTensor::name).toList(), "module by module, as PyTorch");
        jpruneModel.releaseAll();
    }

    @Test
    void aChildAddedWithANameOfItsOwnHasThatName() {
        Block conv = Conv2d.builder().setKernelShape(new Shape(3, 3)).setFilters(4).build();
        Block linear = Linear.builder().setUnits(5).build();
        assertEquals(List.of("conv1", "02Linear"), DjlNames.childNames(List.of("01conv1", "02Linear"),
                List.of(conv, linear)));
        assertEquals(List.of("01fc", "02fc"), DjlNames.childNames(List.of("01fc", "02fc"), List.of(conv, linear)),
                "names that would clash keep DJL's keys");
    }

    @Test
    void aBlockWithoutWeightsIsNoModel() {
        assertNull(new DjlModelDiscovery().discover(Blocks.batchFlattenBlock()));
    }

    @Test
    void aGenerationIsServedToTheWeightReadsThenTheAppsOwnArrayComesBackAndTheMaskedOneIsFreed() {
        DiscoveredModel discovered = new DjlModelDiscovery().discover(block);
        ModuleNode linear = discovered.tree().children().get(3);
        ParameterHandle weight = linear.parameters().get(0);
        Parameter parameter = ((Linear) linear.module()).getDirectParameters().get("weight");
        NDArray own = parameter.getArray();
        assertSame(own, weight.read());
        float[] values = weight.values(own);
        float[] masked = values.clone();
        for (int i = 0; i < masked.length; i += 2) {
            masked[i] = 0f;
        }

        NDArray made = (NDArray) weight.toAppValue(masked);
        assertEquals(own.getDevice(), made.getDevice());
        assertEquals(own.getShape(), made.getShape());
        WeightInstaller installer = discovered.installer();
        WeightInstaller.Installation abandoned = installer.begin();
        abandoned.write(weight, made);
        abandoned.rollBack();
        assertSame(own, DjlHooks.value(own, parameter), "a rolled-back generation never reaches the layers");

        install(installer, weight, made);
        assertSame(made, DjlHooks.value(own, parameter));
        assertArrayEquals(masked, ((NDArray) DjlHooks.value(own, parameter)).toFloatArray());
        assertSame(own, weight.read(), "the parameter keeps the app's own array");

        install(installer, weight, own);
        assertSame(own, DjlHooks.value(own, parameter));
        assertArrayEquals(values, own.toFloatArray());
        assertFalse(made.isReleased());
        installer.release(weight, made);
        assertTrue(made.isReleased());
        installer.release(weight, own);
        assertFalse(own.isReleased(), "the app's own array is never closed by jprune");
    }

    @Test
    void aModelTheAppClosedIsRefusedWithDjlsReason() {
        ModuleNode linear = new DjlModelDiscovery().discover(block).tree().children().get(3);
        ParameterHandle weight = linear.parameters().get(0);
        float[] values = weight.values(weight.read());
        model.close();
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> weight.toAppValue(values));
        assertEquals("NDManager has been closed already.", refused.getMessage());
    }

    private static void install(WeightInstaller installer, ParameterHandle parameter, Object value) {
        WeightInstaller.Installation installation = installer.begin();
        installation.write(parameter, value);
        installation.commit();
    }

    private static List<String> names(ModuleNode node) {
        return node.parameters().stream().map(ParameterHandle::name).toList();
    }
}
