package io.jprune.runtime.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jprune.kernels.cpu.CpuKernels;
import io.jprune.runtime.model.Model;
import io.jprune.runtime.prune.Amount;
import io.jprune.runtime.spi.ActivationForm;
import io.jprune.runtime.spi.DiscoveredModel;
import io.jprune.runtime.spi.GraphStructure;
import io.jprune.runtime.spi.ModelCopier;
import io.jprune.runtime.spi.ModuleNode;
import io.jprune.runtime.spi.ParameterHandle;
import io.jprune.runtime.spi.ParameterNames;
import io.jprune.runtime.spi.TensorForm;
import io.jprune.runtime.spi.WeightInstaller;
import io.jprune.runtime.structure.ModuleStructure;
import io.jprune.runtime.structure.StructureReport;
import io.jprune.runtime.tensor.Shape;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * The engine's side of {@link GraphStructure}: {@code structure} is the adapter's report, {@code compact} installs
 * the adapter's resized parameters as one generation only after its check passes, and {@code restore} gives the app
 * its own array back; a failed check changes nothing.
 */
class GraphCompactorTest {
    private final float[] original = {0.5f, -1.5f, 2.0f, -0.1f, 3.0f, -0.7f};
    private final Field field = new Field(original);
    private final FakeGraph graph = new FakeGraph();
    private final Object root = new Object();
    private final Model model = new Model("Linear", root, new DiscoveredModel(new ModuleNode("", root, "Linear",
            "Linear", List.of(new FieldHandle("weight", Shape.of(2, 3), field)), List.of()),
            WeightInstaller.PER_REFERENCE, ActivationForm.FLOAT_ARRAYS, ModelCopier.NONE, ParameterNames.NONE, graph));

    @Test
    void compactInstallsTheGraphsResizesAfterItsCheckAndRestoreGivesTheAppsArrayBack() {
        new Pruner(model, new CpuKernels()).l1Unstructured("weight", Amount.count(3), null);
        Compactor compactor = new Compactor(model);
        assertSame(graph.report, compactor.structure());
        assertArrayEquals(new float[] {0, 1, 1, 0, 1, 0}, graph.masks.get("weight"));
        assertArrayEquals(new float[] {0, -1.5f, 2.0f, -0f, 3.0f, -0f}, graph.values.get("weight"));

        String summary = compactor.compact();

        assertTrue(summary.startsWith("Linear: compacted Linear [2, 3] -> [1, 3]; MACs per forward 6 -> 3"), summary);
        assertArrayEquals(new float[] {-1.5f, 2.0f, 3.0f}, field.value);
        assertEquals(Shape.of(1, 3), model.slot("weight").handle().shape());
        assertSame(graph.report, compactor.structure(), "a compacted model's structure is still the graph's");
        assertArrayEquals(new float[] {-1.5f, 2.0f, 3.0f}, graph.values.get("weight"), "read in the compacted shape");

        new Pruner(model, new CpuKernels()).restore();
        assertSame(original, field.value);
        assertEquals(Shape.of(2, 3), model.slot("weight").handle().shape());
    }

    @Test
    void aFailedCheckLeavesTheModelAsItWas() {
        new Pruner(model, new CpuKernels()).l1Unstructured("weight", Amount.count(3), null);
        float[] masked = field.value;
        graph.problem = "on captured run 0 the output differs";

        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> new Compactor(model).compact());

        assertEquals("model Linear: compaction refused, the model is as it was: on captured run 0 the output differs",
                refused.getMessage());
        assertSame(masked, field.value);
    }

    @Test
    void exportWritesANewFileAndNeverOverwritesOne(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path file = dir.resolve("model.test");
        assertEquals("Linear: wrote the unpruned model (test, 0 bytes) to " + file,
                new Compactor(model).exportModel(file.toString()));
        assertTrue(java.nio.file.Files.exists(file));
        java.nio.file.Files.writeString(file, "the app's own file");
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> new Compactor(model).exportModel(file.toString()));
        assertEquals("file " + file + " exists: jprune writes only new files in the app's process, never over one of "
                + "its own; give a new name", refused.getMessage());
        assertEquals("the app's own file", java.nio.file.Files.readString(file));
        assertThrows(IllegalArgumentException.class, () -> new Compactor(model).exportModel("relative.onnx"));
    }

    /** Where the app's forward reads its weight. */
    private static final class Field {
        volatile float[] value;

        Field(float[] value) {
            this.value = value;
        }
    }

    /** A flat field seen in a shape; reshaping keeps the field. */
    private record FieldHandle(String name, Shape shape, Field field) implements ParameterHandle {
        @Override
        public Object read() {
            return field.value;
        }

        @Override
        public void write(Object appValue) {
            field.value = (float[]) appValue;
        }

        @Override
        public float[] values(Object appValue) {
            return TensorForm.FLAT.values(appValue);
        }

        @Override
        public Object toAppValue(float[] values) {
            return TensorForm.FLAT.toAppValue(values);
        }

        @Override
        public boolean canReshape() {
            return true;
        }

        @Override
        public ParameterHandle reshaped(Shape newShape) {
            return new FieldHandle(name, newShape, field);
        }
    }

    /** A graph whose plan removes output row 0, as its report says. */
    private static final class FakeGraph implements GraphStructure {
        final StructureReport report = new StructureReport(new ModuleStructure[] {new ModuleStructure("Linear",
                new int[] {2, 3}, new int[] {1, 3}, new int[] {0}, new int[] {0}, new int[0], new int[0], 6, 3, 6, 3,
                new String[0])}, new String[] {"Linear out -> nothing"}, new String[0], 1);
        Map<String, float[]> values;
        Map<String, float[]> masks;
        String problem;

        @Override
        public Plan plan(Map<String, float[]> values, Map<String, float[]> masks, List<Object[]> capturedInputs) {
            this.values = values;
            this.masks = masks;
            return new Plan() {
                @Override
                public StructureReport report() {
                    return report;
                }

                @Override
                public List<Resize> resizes() {
                    return List.of(new Resize("weight", Shape.of(1, 3), new float[] {-1.5f, 2.0f, 3.0f}));
                }

                @Override
                public String verify() {
                    return problem;
                }
            };
        }

        @Override
        public ModelFile modelFile() {
            return new ModelFile("test", new byte[0]);
        }
    }
}
