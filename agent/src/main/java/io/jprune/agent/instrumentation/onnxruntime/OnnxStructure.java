package io.jprune.agent.instrumentation.onnxruntime;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import io.jprune.agent.instrumentation.onnxruntime.GraphCompaction.Tensor;
import io.jprune.runtime.spi.GraphStructure;
import io.jprune.runtime.structure.OutputAgreement;
import io.jprune.runtime.structure.StructureReport;
import io.jprune.runtime.tensor.Shape;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The structure of an ONNX session's model, read from its graph ({@link GraphChannels}), compacted into a smaller
 * model ({@link GraphCompaction}) and checked on the app's captured runs with two private sessions, the masked
 * model's and the compacted one's, before the engine installs the compacted weights. The edits beyond the weights
 * (shape constants, group counts) are handed to the session's record, which applies them whenever it builds a session
 * with the compacted shapes.
 */
final class OnnxStructure implements GraphStructure {
    private final SessionRecord session;
    private final Class<?> sessionClass;

    OnnxStructure(SessionRecord session, Class<?> sessionClass) {
        this.session = session;
        this.sessionClass = sessionClass;
    }

    @Override
    public Plan plan(Map<String, float[]> values, Map<String, float[]> masks, List<Object[]> capturedInputs) {
        OnnxGraph graph = session.readModel();
        ModelProto model = graph.model();
        Map<String, OnnxParameter> parameters = new LinkedHashMap<>();
        Map<OnnxParameter, float[]> current = new LinkedHashMap<>();
        Map<String, float[]> stored = new LinkedHashMap<>();
        Map<String, float[]> storedMasks = new LinkedHashMap<>();
        boolean compacted = false;
        for (OnnxParameter declared : graph.parameters()) {
            OnnxParameter parameter = session.installedShape(declared);
            compacted |= !parameter.shape().equals(declared.shape());
            float[] value = values.get(parameter.qualifiedName());
            if (value == null) {
                continue;
            }
            parameters.put(parameter.onnxName(), parameter);
            current.put(parameter, value);
            stored.put(parameter.onnxName(), parameter.relayout(value, true));
            float[] mask = masks.get(parameter.qualifiedName());
            if (mask != null) {
                storedMasks.put(parameter.onnxName(), parameter.relayout(mask, true));
            }
        }
        // a compacted model is analysed as it runs now: its own graph, with the compaction's shapes
        GraphEdits applied = compacted ? session.edits() : null;
        ModelProto masked = CompactedModel.model(model, tensors(current), applied);
        GraphProto proto = masked.getGraph();
        for (TensorProto tensor : proto.getInitializerList()) {
            if (!stored.containsKey(tensor.getName()) && tensor.getDataType() == TensorProto.DataType.FLOAT_VALUE
                    && tensor.getDataLocation() != TensorProto.DataLocation.EXTERNAL) {
                stored.put(tensor.getName(), OnnxGraph.floats(tensor));
            }
        }
        List<OnnxRun> runs = new ArrayList<>();
        for (Object[] arguments : capturedInputs) {
            if (arguments.length == 1 && arguments[0] instanceof OnnxRun run) {
                runs.add(run);
            }
        }
        List<String> notes = new ArrayList<>();
        Map<String, long[]> shapes = probe(masked, runs, notes);
        GraphChannels channels = GraphChannels.read(proto, shapes, parameters.keySet());
        GraphCompaction compaction = GraphCompaction.plan(proto, channels, stored, storedMasks);
        StructureReport report = GraphReport.of(channels, compaction, parameters, storedMasks, notes, runs.size());
        List<Resize> resizes = new ArrayList<>();
        compaction.tensors().forEach((name, tensor) -> {
            OnnxParameter parameter = parameters.get(name);
            OnnxParameter resized = parameter.withShape(pytorchShape(parameter, tensor.dims()));
            resizes.add(new Resize(parameter.qualifiedName(), resized.shape(), resized.relayout(tensor.values(),
                    false)));
        });
        return new OnnxPlan(report, resizes, masked, compaction, runs, applied);
    }

    @Override
    public ModelFile modelFile() {
        return new ModelFile("ONNX", session.installedModel());
    }

    private Map<String, long[]> probe(ModelProto masked, List<OnnxRun> runs, List<String> notes) {
        OnnxRun run = runs.isEmpty() ? null : runs.get(0);
        if (run == null) {
            Map<String, long[]> declared = ShapeProbe.declaredInputs(masked.getGraph());
            if (declared == null) {
                notes.add("no run of the model captured yet, and its inputs are not all float or int64: shapes "
                        + "unknown");
                return Map.of();
            }
            notes.add("read from the graph; shapes and MACs for zeros of the declared input shape (symbolic "
                    + "dimensions as 1), as no run of the model was captured yet");
            run = OnnxRun.zeros(declared, ShapeProbe.integerInputs(masked.getGraph()));
        } else {
            notes.add("read from the graph; shapes and MACs for the first captured run");
        }
        try {
            return ShapeProbe.shapes(sessionClass, masked, run);
        } catch (IllegalStateException e) {
            notes.add("shapes unknown: " + e.getMessage());
            return Map.of();
        }
    }

    private static Shape pytorchShape(OnnxParameter parameter, long[] dims) {
        int[] shape = new int[dims.length];
        for (int d = 0; d < dims.length; d++) {
            shape[d] = Math.toIntExact(dims[d]);
        }
        if (parameter.transposed()) {
            return Shape.of(shape[1], shape[0]);
        }
        return Shape.of(shape);
    }

    /** The plan of one analysis, and its check. */
    private final class OnnxPlan implements Plan {
        private final StructureReport report;
        private final List<Resize> resizes;
        private final ModelProto masked;
        private final GraphCompaction compaction;
        private final List<OnnxRun> runs;
        /** The edits of the compaction the model runs with now, which this one adds to; {@code null} if none. */
        private final GraphEdits applied;

        OnnxPlan(StructureReport report, List<Resize> resizes, ModelProto masked, GraphCompaction compaction,
                 List<OnnxRun> runs, GraphEdits applied) {
            this.applied = applied;
            this.report = report;
            this.resizes = List.copyOf(resizes);
            this.masked = masked;
            this.compaction = compaction;
            this.runs = runs;
        }

        @Override
        public StructureReport report() {
            return report;
        }

        @Override
        public List<Resize> resizes() {
            return resizes;
        }

        @Override
        public String verify() {
            if (runs.isEmpty()) {
                return "no run of the model was captured yet, so jprune cannot check the compacted model on the "
                        + "app's own inputs; let the app run it once and compact again";
            }
            byte[] compacted = CompactedModel.bytes(masked, compaction.tensors(), compaction.edits());
            OutputAgreement agreement = OutputAgreement.within(OutputAgreement.DEFAULT_TOLERANCE);
            try (OrtReplay before = new OrtReplay(sessionClass, masked.toByteArray());
                 OrtReplay after = new OrtReplay(sessionClass, compacted)) {
                for (int i = 0; i < runs.size(); i++) {
                    Map<String, OrtReplay.Output> expected = before.run(runs.get(i));
                    Map<String, OrtReplay.Output> actual = after.run(runs.get(i));
                    for (Map.Entry<String, OrtReplay.Output> output : expected.entrySet()) {
                        OrtReplay.Output got = actual.get(output.getKey());
                        String problem = agreement.disagreement(output.getValue().values(),
                                got == null ? null : got.values());
                        if (problem != null) {
                            return "on captured run " + i + " the compacted model's output " + output.getKey() + " "
                                    + problem;
                        }
                    }
                }
            } catch (IllegalStateException e) {
                return e.getMessage();
            }
            session.useEdits(applied == null ? compaction.edits() : applied.then(compaction.edits()));
            return null;
        }
    }

    /** Weights in PyTorch's layout as initializers in the graph's, with the dims their parameters' shapes state. */
    static Map<String, Tensor> tensors(Map<OnnxParameter, float[]> weights) {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        weights.forEach((parameter, values) -> {
            int[] shape = parameter.shape().dims();
            long[] dims = new long[shape.length];
            for (int d = 0; d < dims.length; d++) {
                dims[d] = shape[d];
            }
            if (parameter.transposed()) {
                dims = new long[] {shape[1], shape[0]};
            }
            tensors.put(parameter.onnxName(), new Tensor(parameter.relayout(values, true), dims));
        });
        return tensors;
    }
}
