package io.jprune.runtime.spi;

import io.jprune.runtime.structure.StructureReport;
import io.jprune.runtime.tensor.Shape;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Optional: the structure of a model whose framework states its graph (ONNX, a traced DJL block), read from that
 * graph rather than found by replaying perturbed channels. A plain-Java model has no graph, so its adapter gives
 * {@link #NONE} and the engine keeps its replay-based analysis; an adapter that gives one answers
 * {@code structure} and {@code compact} from the graph: dependency groups, shapes and MACs before and after, and
 * a compacted model checked on the app's captured inputs before the engine installs it.
 *
 * <p>The engine stays free of framework types: it hands over the values the app computes with now and the masks,
 * by qualified parameter name in PyTorch's layout, and gets back a report and new values and shapes for the
 * parameters compaction changes; anything else the compacted graph needs (shape constants, attributes) is the
 * adapter's to apply when the generation with those shapes is installed.
 */
public interface GraphStructure {

    /** No graph: the engine analyses the model by replaying its forward. */
    GraphStructure NONE = new GraphStructure() {
        @Override
        public boolean isPresent() {
            return false;
        }

        @Override
        public Plan plan(Map<String, float[]> values, Map<String, float[]> masks, List<Object[]> capturedInputs) {
            throw new UnsupportedOperationException("this model has no graph");
        }

        @Override
        public ModelFile modelFile() {
            throw new UnsupportedOperationException("this model has no graph");
        }
    };

    /** Whether this adapter offers a graph; {@code false} only for {@link #NONE}. */
    default boolean isPresent() {
        return true;
    }

    /**
     * The structure of the model as it computes now, and what compaction would install. Writes nothing.
     *
     * @param values         every parameter's values the app computes with now ({@code orig * mask} when pruned),
     *                       by qualified name, in the shape its handle states
     * @param masks          the mask of every pruned parameter, by qualified name
     * @param capturedInputs copies of the app's first inputs, in the form of the model's {@link ActivationForm}
     */
    Plan plan(Map<String, float[]> values, Map<String, float[]> masks, List<Object[]> capturedInputs);

    /**
     * The model as the app computes with it now (its own weights, masked, or compacted), in the framework's own file
     * format, for people to take away and load elsewhere. Called with no change of the model in progress.
     */
    ModelFile modelFile();

    /** A model file: its format for people ({@code ONNX}) and its bytes. */
    record ModelFile(String format, byte[] bytes) {
        public ModelFile {
            Objects.requireNonNull(format, "format");
            Objects.requireNonNull(bytes, "bytes");
        }
    }

    /** One parameter compaction changes: its new shape (same rank) and values, permanent as after {@code remove}. */
    record Resize(String qualifiedName, Shape shape, float[] values) {
        public Resize {
            Objects.requireNonNull(qualifiedName, "qualifiedName");
            Objects.requireNonNull(shape, "shape");
            Objects.requireNonNull(values, "values");
        }
    }

    /**
     * What the graph says: the report for people and tools, the parameters compaction resizes (empty when nothing
     * can go), and the check that the compacted model computes what the masked one does.
     */
    interface Plan {

        /** The structure report, in the same form as for a plain-Java model. */
        StructureReport report();

        /** The parameters compaction changes, in model order; empty when nothing can be compacted. */
        List<Resize> resizes();

        /**
         * Runs the masked and the compacted model on the captured inputs, privately, and compares their outputs;
         * when they agree, readies the adapter to install generations with the compacted shapes.
         *
         * @return {@code null} when every output agrees within the engine's tolerance, else why not, for people
         */
        String verify();
    }
}
