package io.jprune.agent.instrumentation.onnxruntime;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What ONNX Runtime tells of a session's model without giving the model itself: its inputs and outputs (names and
 * shapes, {@code -1} for a dimension without a fixed size) and the model's metadata. A session created before jprune
 * was loaded is matched by it to a model file, since ONNX Runtime keeps neither the model's path nor its bytes.
 *
 * @param inputs   the graph's inputs that are not initializers, by name, with their shapes
 * @param outputs  the graph's outputs, by name, with their shapes
 * @param graph    the graph's name
 * @param producer the name of the tool that wrote the model
 * @param domain   the model's domain
 * @param version  the model's version
 */
record SessionSignature(Map<String, List<Long>> inputs, Map<String, List<Long>> outputs, String graph,
                        String producer, String domain, long version) {

    /** The version ONNX Runtime reports for a model that declares none. */
    private static final long NO_VERSION = Long.MAX_VALUE;

    /** A session's signature, asked of the app's ONNX Runtime through its public API. */
    static SessionSignature of(Object session) throws ReflectiveOperationException {
        Object metadata = call(session, "getMetadata");
        return new SessionSignature(shapes(call(session, "getInputInfo")), shapes(call(session, "getOutputInfo")),
                (String) call(metadata, "getGraphName"), (String) call(metadata, "getProducerName"),
                (String) call(metadata, "getDomain"), (long) call(metadata, "getVersion"));
    }

    /** The signature ONNX Runtime would give for a session of {@code model}. */
    static SessionSignature of(ModelProto model) {
        GraphProto graph = model.getGraph();
        Set<String> initializers = new HashSet<>();
        for (TensorProto initializer : graph.getInitializerList()) {
            initializers.add(initializer.getName());
        }
        Map<String, List<Long>> inputs = new TreeMap<>();
        for (ValueInfoProto input : graph.getInputList()) {
            if (!initializers.contains(input.getName())) {
                inputs.put(input.getName(), shape(input));
            }
        }
        Map<String, List<Long>> outputs = new TreeMap<>();
        for (ValueInfoProto output : graph.getOutputList()) {
            outputs.put(output.getName(), shape(output));
        }
        return new SessionSignature(inputs, outputs, graph.getName(), model.getProducerName(), model.getDomain(),
                model.hasModelVersion() ? model.getModelVersion() : NO_VERSION);
    }

    private static List<Long> shape(ValueInfoProto value) {
        List<Long> dims = new ArrayList<>();
        for (TensorShapeProto.Dimension dim : value.getType().getTensorType().getShape().getDimList()) {
            dims.add(dim.hasDimValue() ? dim.getDimValue() : -1L);
        }
        return dims;
    }

    /** {@code Map<String, NodeInfo>} as names and shapes; a value that is no tensor has an empty shape. */
    private static Map<String, List<Long>> shapes(Object nodeInfos) throws ReflectiveOperationException {
        Map<String, List<Long>> shapes = new TreeMap<>();
        for (Map.Entry<?, ?> entry : ((Map<?, ?>) nodeInfos).entrySet()) {
            Object info = call(entry.getValue(), "getInfo");
            List<Long> dims = new ArrayList<>();
            if (info.getClass().getName().equals("ai.onnxruntime.TensorInfo")) {
                for (long dim : (long[]) call(info, "getShape")) {
                    dims.add(dim);
                }
            }
            shapes.put((String) entry.getKey(), dims);
        }
        return shapes;
    }

    private static Object call(Object target, String method) throws ReflectiveOperationException {
        Method getter = target.getClass().getMethod(method);
        return getter.invoke(target);
    }

    /**
     * Whether a session with signature {@code session} may have been created from the model of this one: the same
     * metadata and the same input and output names, with the same shapes where this model fixes them (ONNX Runtime
     * may infer a size the model leaves open, or a shape the model does not declare).
     */
    boolean admits(SessionSignature session) {
        return graph.equals(session.graph) && producer.equals(session.producer) && domain.equals(session.domain)
                && version == session.version && admits(inputs, session.inputs) && admits(outputs, session.outputs);
    }

    private static boolean admits(Map<String, List<Long>> declared, Map<String, List<Long>> reported) {
        if (!declared.keySet().equals(reported.keySet())) {
            return false;
        }
        for (Map.Entry<String, List<Long>> value : declared.entrySet()) {
            List<Long> dims = value.getValue();
            List<Long> seen = reported.get(value.getKey());
            if (dims.isEmpty()) {
                continue;
            }
            if (dims.size() != seen.size()) {
                return false;
            }
            for (int d = 0; d < dims.size(); d++) {
                if (dims.get(d) >= 0 && !dims.get(d).equals(seen.get(d))) {
                    return false;
                }
            }
        }
        return true;
    }

    /** For a person: {@code graph torch-jit-export by pytorch, inputs {input_image=[-1, 1, 28, 28]}, ...}. */
    @Override
    public String toString() {
        return "graph '" + graph + "' by '" + producer + "'" + (domain.isEmpty() ? "" : ", domain " + domain)
                + (version == NO_VERSION ? "" : ", version " + version) + ", inputs " + inputs + ", outputs "
                + outputs;
    }
}
